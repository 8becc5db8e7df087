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

// Made once: toLocaleTimeString/toLocaleDateString with options build a new formatter per call
// (60-85 µs a call against 1-2 µs for a kept one, Node 20), which made clockTime the page's top
// function in the now-view bench's profile (each line of the Now view calls it).
const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const DAY = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

/** "14:05" today, else "27 Nov 14:05": the wall-clock time of an instant, for a tooltip or list. */
export function clockTime(iso: string, now = Date.now()): string {
  const date = new Date(iso);
  const time = TIME.format(date);
  return new Date(now).toDateString() === date.toDateString()
    ? time
    : `${DAY.format(date)} ${time}`;
}
