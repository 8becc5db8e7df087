const UNITS: Array<[number, string]> = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'min'],
  [1_000, 's'],
];

/** "5 min ago", "2 h ago": how long before `now` an instant was, in its largest whole unit. */
export function ago(iso: string, now = Date.now()): string {
  const ms = Math.max(0, now - Date.parse(iso));
  for (const [size, unit] of UNITS) if (ms >= size) return `${Math.floor(ms / size)} ${unit} ago`;
  return 'just now';
}

/** "14:05" today, else "27 Nov 14:05": the wall-clock time of an instant, for a tooltip or list. */
export function clockTime(iso: string, now = Date.now()): string {
  const date = new Date(iso);
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return new Date(now).toDateString() === date.toDateString()
    ? time
    : `${date.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })} ${time}`;
}
