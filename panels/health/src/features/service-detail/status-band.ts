import type { HistoryPoint, Status } from '@aether/contract';

export interface BandSegment {
  status: Status;
  /** ISO start and end of the segment. */
  from: string;
  to: string;
  /** Where it starts and how wide it is, as fractions of the range (0–1). */
  start: number;
  width: number;
}

/**
 * The history's points as status segments over [from, to]: consecutive steps of one status are
 * one segment, each step reaching to the next point (the last one to `to`); a range without
 * points is one unknown segment. A step without data has status unknown in the answer, so gaps
 * stay gaps.
 */
export function statusSegments(
  points: readonly Pick<HistoryPoint, 't' | 'status'>[],
  from: string,
  to: string,
  stepMs: number,
): BandSegment[] {
  const start = Date.parse(from);
  const end = Date.parse(to);
  const span = end - start;
  if (!(span > 0)) return [];
  const clamp = (ms: number) => Math.min(end, Math.max(start, ms));
  const steps = points
    .map((p) => ({ status: p.status, at: clamp(Date.parse(p.t)) }))
    .filter((p) => p.at < end)
    .sort((a, b) => a.at - b.at);
  const raw: { status: Status; from: number; to: number }[] = [];
  if (!steps.length || steps[0]!.at > start) {
    raw.push({ status: 'unknown', from: start, to: steps[0]?.at ?? end });
  }
  steps.forEach((p, i) => {
    const next = steps[i + 1]?.at ?? Math.min(end, p.at + stepMs);
    raw.push({ status: p.status, from: p.at, to: next });
  });
  const last = raw.at(-1)!;
  if (last.to < end) raw.push({ status: 'unknown', from: last.to, to: end });
  const merged: typeof raw = [];
  for (const s of raw) {
    if (s.to <= s.from) continue;
    const prev = merged.at(-1);
    if (prev && prev.status === s.status && prev.to === s.from) prev.to = s.to;
    else merged.push({ ...s });
  }
  return merged.map((s) => ({
    status: s.status,
    from: new Date(s.from).toISOString(),
    to: new Date(s.to).toISOString(),
    start: (s.from - start) / span,
    width: (s.to - s.from) / span,
  }));
}
