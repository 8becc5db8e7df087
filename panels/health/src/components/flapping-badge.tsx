import type { Status } from '@aether/contract';
import { StatusIcon, STATUS_LABEL } from './status-badge';

/** "Flapping · ×8": the service's status changed that often in its flapping episode. */
export function flappingText(changes: number | undefined): string {
  return changes ? `Flapping · ×${changes}` : 'Flapping';
}

/**
 * Flapping as a state of its own: a service that keeps changing status is neither "Up for 0 s"
 * nor "Down": its current status shows as the icon, and in the title.
 */
export function FlappingBadge({
  status,
  changes,
  size = 'md',
}: {
  status: Status;
  changes: number | undefined;
  size?: 'md' | 'lg';
}) {
  const text = flappingText(changes);
  return (
    <span
      className={`hp-status hp-status--flapping hp-status--${size}`}
      data-status="flapping"
      title={`${text}: status changes keep coming, now ${STATUS_LABEL[status]}`}
    >
      <StatusIcon status={status} />
      <span className="hp-status__text">{text}</span>
    </span>
  );
}
