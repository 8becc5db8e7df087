import { cx } from './cx.js';

export type StatusKind = 'up' | 'degraded' | 'down' | 'unknown';

const LABELS: Record<StatusKind, string> = {
  up: 'Up',
  degraded: 'Degraded',
  down: 'Down',
  unknown: 'Unknown',
};

/** Icons differ by shape, not only colour, so status reads without colour vision. */
function StatusIcon({ status }: { status: StatusKind }) {
  const common = {
    width: 12,
    height: 12,
    viewBox: '0 0 12 12',
    'aria-hidden': true,
    focusable: false,
  } as const;
  switch (status) {
    case 'up':
      return (
        <svg {...common}>
          <path
            d="M2.5 6.2 5 8.5l4.5-5"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.8"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
      );
    case 'degraded':
      return (
        <svg {...common}>
          <path
            d="M6 1.5 11 10.5H1z"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.5"
            strokeLinejoin="round"
          />
          <path d="M6 5v2.3" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
        </svg>
      );
    case 'down':
      return (
        <svg {...common}>
          <path
            d="m3 3 6 6M9 3 3 9"
            stroke="currentColor"
            strokeWidth="1.8"
            strokeLinecap="round"
          />
        </svg>
      );
    default:
      return (
        <svg {...common}>
          <circle
            cx="6"
            cy="6"
            r="4"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.5"
            strokeDasharray="2 2"
          />
        </svg>
      );
  }
}

export interface StatusBadgeProps {
  status: StatusKind;
  /** Replaces the default label ("Up", "Down"…). */
  label?: string;
  size?: 'sm' | 'md';
  className?: string;
}

/** Status as icon + text + colour (never colour alone). */
export function StatusBadge({ status, label, size = 'md', className }: StatusBadgeProps) {
  return (
    <span
      className={cx('ae-status', `ae-status--${status}`, `ae-status--${size}`, className)}
      data-status={status}
    >
      <StatusIcon status={status} />
      <span>{label ?? LABELS[status]}</span>
    </span>
  );
}
