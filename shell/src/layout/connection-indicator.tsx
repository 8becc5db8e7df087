import { useEffect, useState } from 'react';
import type { ConnectionState } from '@aether/contract';
import { useConnection } from '../services-context';

const LABELS: Record<ConnectionState, string> = {
  live: 'Live',
  reconnecting: 'Reconnecting',
  offline: 'Offline',
};

/** "12 s", "3 min", "2 h" */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  return `${Math.floor(s / 3600)} h`;
}

/** Gateway connection as icon shape + text + colour, with the age of the data when not live. */
export function ConnectionIndicator() {
  const { state, lastEventAt } = useConnection();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const age = lastEventAt === null ? null : formatAge(now - lastEventAt);
  const detail =
    state === 'live'
      ? age
        ? `last event ${age} ago`
        : null
      : age
        ? `data ${age} old`
        : 'no data yet';
  return (
    <div
      className={`connection connection--${state}`}
      role="status"
      aria-live="polite"
      title="Gateway event stream"
    >
      <span className="connection__dot" aria-hidden="true" />
      <span className="connection__label">{LABELS[state]}</span>
      {detail && <span className="connection__age">· {detail}</span>}
    </div>
  );
}
