import type { ReactNode } from 'react';

/**
 * A table's header row, one `<th scope="col">` a name: what every panel table wrote out by hand.
 * `className` goes on the `<thead>` (e.g. visually hidden where the rows speak for themselves).
 */
export function ColumnHeads({
  names,
  className,
}: {
  names: readonly ReactNode[];
  className?: string;
}) {
  return (
    <thead className={className}>
      <tr>
        {names.map((name, i) => (
          // The columns are fixed for a table: their position is their identity.
          <th key={i} scope="col">
            {name}
          </th>
        ))}
      </tr>
    </thead>
  );
}
