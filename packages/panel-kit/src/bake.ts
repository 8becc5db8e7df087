import type { Deploy, DeployComparison, HistoryPoint, Operation } from '@aether/contract';

// The bake bar's rules, shared by the shell's Now view and the health panel's deploy page: pure
// functions of a deploy's before/after (or a service's history around an operation run).

/**
 * How long a change bakes: five minutes from the deploy's start, as Argo Rollouts' default
 * analysis looks at a canary. A constant, not config: the bar is a screen over data the gateway
 * already keeps (the deploy's before/after), and a longer bake is read on the deploy page.
 */
export const BAKE_MS = 5 * 60_000;
/** A change keeps its bar this long after it started: baking, then its "looks good" for a while. */
export const BAR_SHOWN_MS = 3 * BAKE_MS;

export interface BakeFigures {
  /** Failed probes of the deployed services since the deploy started. */
  failures: number;
  /** The largest p95 change of a check with results on both sides (ms), null without one. */
  p95DeltaMs: number | null;
}

/** The bar's figures from a deploy's before/after. */
export function bakeFigures(comparison: Pick<DeployComparison, 'checks'>): BakeFigures {
  let failures = 0;
  let p95DeltaMs: number | null = null;
  for (const check of comparison.checks) {
    failures += Math.max(0, check.after.total - check.after.good);
    const { before, after } = check;
    if (before.p95 == null || after.p95 == null) continue;
    const delta = after.p95 - before.p95;
    if (p95DeltaMs === null || delta > p95DeltaMs) p95DeltaMs = delta;
  }
  return { failures, p95DeltaMs };
}

export type BakeOutcome = 'baking' | 'looks-good' | 'failing';

/** What a deploy's figures cannot tell at its finish, from the deploy and its services now. */
export interface BakeState {
  /** How the deploy ended; null while it runs (absent for an operation run). */
  deployOutcome?: Deploy['outcome'];
  /** Whether any deployed service is down right now. */
  servicesFailing?: boolean;
}

/**
 * Baking until the window is over; failing as soon as a probe failed or the gateway's verdict is
 * worse (no need to wait the window out to offer a rollback); looks good after a clean window.
 * A finished deploy's after-window starts at its finish, so right then it holds no result: a
 * deploy that finished failed, or finished while its services are down, fails at once instead of
 * reading "0 failures" until the next probe.
 */
export function bakeOutcome(
  startedAt: string,
  now: number,
  figures: BakeFigures,
  verdict: DeployComparison['verdict'],
  { deployOutcome = null, servicesFailing = false }: BakeState = {},
): BakeOutcome {
  if (figures.failures > 0 || verdict === 'worse') return 'failing';
  if (deployOutcome === 'failed' || (deployOutcome !== null && servicesFailing)) return 'failing';
  return now - Date.parse(startedAt) >= BAKE_MS ? 'looks-good' : 'baking';
}

/** "4:12": what is left of the window, never negative. */
export function timeLeft(startedAt: string, now: number): string {
  const s = Math.max(0, Math.ceil((Date.parse(startedAt) + BAKE_MS - now) / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** "+3 ms", "−12 ms", "±0 ms". */
export function formatDelta(ms: number): string {
  const rounded = Math.round(ms);
  if (rounded === 0) return '±0 ms';
  return rounded > 0 ? `+${rounded} ms` : `−${-rounded} ms`;
}

/**
 * The allow-listed operation that rolls a service back: one whose id or title says rollback
 * ("rollback", "roll-back", "Roll back"). Null when the service has none.
 */
export function rollbackOf(operations: readonly Operation[], serviceId: string): Operation | null {
  const named = /\broll[\s_-]?back\b/i;
  return (
    operations.find(
      (op) => op.serviceId === serviceId && (named.test(op.id) || named.test(op.title)),
    ) ?? null
  );
}

/**
 * The bar's figures for an operation run at `at`, from the service's history around it (one
 * step per minute): failures in the steps from the run's on, and the change of the worst p95
 * after the run against the worst before it.
 */
export function historyFigures(
  points: readonly Pick<HistoryPoint, 't' | 'failures' | 'p95'>[],
  at: string,
  stepMs: number,
): BakeFigures {
  const atMs = Date.parse(at);
  let failures = 0;
  let before: number | null = null;
  let after: number | null = null;
  for (const p of points) {
    const start = Date.parse(p.t);
    const since = start + stepMs > atMs;
    if (since) failures += p.failures;
    if (p.p95 == null) continue;
    if (since) after = Math.max(after ?? p.p95, p.p95);
    else before = Math.max(before ?? p.p95, p.p95);
  }
  return { failures, p95DeltaMs: before === null || after === null ? null : after - before };
}
