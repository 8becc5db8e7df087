import type { DeployVerdict, DeployWindow } from '@aether/contract';

/**
 * The one rule that calls a check better, same or worse after a deploy. Thresholds, chosen so a
 * single slow or failed probe in a quiet window is not noise but a real regression is never
 * missed:
 * - success ratio: a change of more than 1 percentage point counts (any new failure among fewer
 *   than 100 results does — right after a deploy, that is what one wants to see);
 * - p95 latency: it counts only when it moved by both +50 % (relative) and 20 ms (absolute), so
 *   3 → 5 ms is not "worse" while 30 → 60 ms is;
 * - conditions: one failing after that did not before is worse; one that stopped failing better.
 * Any worse signal makes the check worse, whatever got better. A side without results cannot be
 * compared: the verdict is "same", `comparable` false and a reason says which side is empty.
 */
export const RATIO_THRESHOLD = 0.01;
export const P95_RELATIVE_THRESHOLD = 0.5;
export const P95_ABSOLUTE_THRESHOLD_MS = 20;

export interface CheckVerdict {
  verdict: DeployVerdict;
  comparable: boolean;
  /** Why, in words: one entry per signal that moved, or why nothing could be compared. */
  reasons: string[];
}

type Side = Pick<DeployWindow, 'total' | 'good' | 'p95' | 'failing'>;

const percent = (ratio: number) => `${Math.round(ratio * 1000) / 10}%`;
const ms = (value: number) => `${Math.round(value * 10) / 10} ms`;

export function compareWindows(before: Side, after: Side): CheckVerdict {
  if (before.total === 0 || after.total === 0) {
    const reasons = [
      ...(before.total === 0 ? ['no results in the 15 minutes before the deploy'] : []),
      ...(after.total === 0 ? ['no results since the deploy'] : []),
    ];
    return { verdict: 'same', comparable: false, reasons };
  }
  const worse: string[] = [];
  const better: string[] = [];

  const ratioBefore = before.good / before.total;
  const ratioAfter = after.good / after.total;
  const ratioMove = `success ${percent(ratioBefore)} → ${percent(ratioAfter)}`;
  if (ratioAfter < ratioBefore - RATIO_THRESHOLD) worse.push(ratioMove);
  else if (ratioAfter > ratioBefore + RATIO_THRESHOLD) better.push(ratioMove);

  const failingBefore = new Set(before.failing);
  const failingAfter = new Set(after.failing);
  for (const condition of after.failing)
    if (!failingBefore.has(condition)) worse.push(`${condition} started failing`);
  for (const condition of before.failing)
    if (!failingAfter.has(condition)) better.push(`${condition} stopped failing`);

  if (before.p95 !== null && after.p95 !== null) {
    const p95Move = `p95 ${ms(before.p95)} → ${ms(after.p95)}`;
    if (movedBeyond(before.p95, after.p95)) worse.push(p95Move);
    else if (movedBeyond(after.p95, before.p95)) better.push(p95Move);
  }

  if (worse.length > 0) return { verdict: 'worse', comparable: true, reasons: worse };
  if (better.length > 0) return { verdict: 'better', comparable: true, reasons: better };
  return { verdict: 'same', comparable: true, reasons: [] };
}

/** `to` is beyond `from` by both thresholds. */
function movedBeyond(from: number, to: number): boolean {
  return to > from * (1 + P95_RELATIVE_THRESHOLD) && to - from > P95_ABSOLUTE_THRESHOLD_MS;
}

/** The deploy's verdict: worse when any check is worse, else better when any is better. */
export function overallVerdict(verdicts: readonly DeployVerdict[]): DeployVerdict {
  if (verdicts.includes('worse')) return 'worse';
  return verdicts.includes('better') ? 'better' : 'same';
}
