import { useState, type ReactNode } from 'react';

/**
 * A list that shows its first `limit` items and a button for the rest: a hub can be needed by
 * thousands of services, and a page of 40 dependents is read top down, worst first.
 */
export function CollapsibleList<T>({
  items,
  limit,
  label,
  noun,
  render,
}: {
  items: readonly T[];
  limit: number;
  /** The list's accessible name. */
  label: string;
  /** What the items are, for the button: "dependents". */
  noun: string;
  render: (item: T) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const shown = open ? items : items.slice(0, limit);
  return (
    <>
      <ul className="hp-deps__list" aria-label={label}>
        {shown.map(render)}
      </ul>
      {items.length > limit && (
        <button
          type="button"
          className="hp-link-button"
          aria-expanded={open}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? `Show the first ${limit} ${noun}` : `Show all ${items.length} ${noun}`}
        </button>
      )}
    </>
  );
}
