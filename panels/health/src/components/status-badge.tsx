import type { Status } from '@aether/contract';

export const STATUS_LABEL: Record<Status, string> = {
  up: 'Up',
  degraded: 'Degraded',
  down: 'Down',
  unknown: 'Unknown',
};

// A distinct shape per status, so status never rests on colour alone.
const ICON_PATH: Record<Status, string> = {
  up: 'M4.5 8.2l2.3 2.3 4.7-5',
  degraded: 'M8 4.5v4M8 11v.2',
  down: 'M5.2 5.2l5.6 5.6M10.8 5.2l-5.6 5.6',
  unknown: 'M6.2 6.3a1.9 1.9 0 1 1 2.6 1.8c-.5.2-.8.6-.8 1.1v.4M8 11.4v.2',
};

export function StatusIcon({ status }: { status: Status }) {
  return (
    <svg
      className={`hp-icon hp-icon--${status}`}
      viewBox="0 0 16 16"
      width="16"
      height="16"
      aria-hidden="true"
      focusable="false"
    >
      {status === 'degraded' ? (
        <path d="M8 1.8l6.6 11.7H1.4z" className="hp-icon__shape" />
      ) : status === 'down' ? (
        <path d="M5.1 1.5h5.8l4.1 4.1v5.8l-4.1 4.1H5.1L1 11.4V5.6z" className="hp-icon__shape" />
      ) : (
        <circle
          cx="8"
          cy="8"
          r="6.6"
          className="hp-icon__shape"
          strokeDasharray={status === 'unknown' ? '2.4 1.6' : undefined}
        />
      )}
      <path d={ICON_PATH[status]} className="hp-icon__mark" />
    </svg>
  );
}

/** Icon + text + colour, the way every status reads in this panel. */
export function StatusBadge({ status, size = 'md' }: { status: Status; size?: 'md' | 'lg' }) {
  return (
    <span className={`hp-status hp-status--${status} hp-status--${size}`} data-status={status}>
      <StatusIcon status={status} />
      <span className="hp-status__text">{STATUS_LABEL[status]}</span>
    </span>
  );
}
