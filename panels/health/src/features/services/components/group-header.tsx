import { memo } from 'react';

export const GroupHeader = memo(function GroupHeader({
  group,
  count,
  down,
  degraded,
  top,
  index,
  setSize,
}: {
  group: string;
  count: number;
  down: number;
  degraded: number;
  top: number;
  index: number;
  setSize: number;
}) {
  const trouble = [down && `${down} down`, degraded && `${degraded} degraded`]
    .filter(Boolean)
    .join(', ');
  return (
    <div
      role="listitem"
      aria-posinset={index + 1}
      aria-setsize={setSize}
      className="hp-group"
      style={{ transform: `translateY(${top}px)` }}
    >
      <h3 className="hp-group__title">{group}</h3>
      <span className="hp-group__count">
        {count} {count === 1 ? 'service' : 'services'}
        {trouble && <span className="hp-group__trouble"> · {trouble}</span>}
      </span>
    </div>
  );
});
