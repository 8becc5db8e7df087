import { memo } from 'react';

export const GroupHeader = memo(function GroupHeader({
  group,
  count,
  down,
  degraded,
  attention,
  top,
  index,
  setSize,
}: {
  /** The "Needs attention" group, whose rows are the failing services of every group. */
  attention: boolean;
  group: string;
  count: number;
  down: number;
  degraded: number;
  top: number;
  index: number;
  setSize: number;
}) {
  const failing = [down && `${down} down`, degraded && `${degraded} degraded`]
    .filter(Boolean)
    .join(', ');
  // a group's own failing services are pinned in "Needs attention" above, not under its header
  const trouble = failing && !attention ? `${failing} above` : failing;
  return (
    <div
      role="listitem"
      aria-posinset={index + 1}
      aria-setsize={setSize}
      className={attention ? 'hp-group hp-group--attention' : 'hp-group'}
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
