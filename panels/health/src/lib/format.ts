// Human formats shared by the whole panel: one place, so every number reads the same way.

export function formatLatency(ms: number | null | undefined): string {
  if (ms == null) return '—';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** 0.9995 → "99.95 %": high uptimes need the extra digits to tell apart. */
export function formatRatio(ratio: number | null | undefined): string {
  if (ratio == null) return '—';
  const pct = ratio * 100;
  if (pct === 100) return '100 %';
  return `${pct >= 99 ? pct.toFixed(2) : pct.toFixed(1)} %`;
}

/** A span of time in its largest sensible unit: "45 s", "12 min", "3 h 5 min", "2 d 4 h". */
export function formatSpan(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});

const hourMinuteFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** 14:30, on a 24-hour clock in the viewer's time zone. */
export function formatHourMinute(iso: string | number): string {
  return hourMinuteFormat.format(new Date(iso));
}

export function formatClock(iso: string | number): string {
  return timeFormat.format(new Date(iso));
}

export function formatDateTime(iso: string | number): string {
  return dateTimeFormat.format(new Date(iso));
}
