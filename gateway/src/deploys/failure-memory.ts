import type { CheckResult } from '@aether/contract';

/** How far back failures are remembered: the longest "after" window a fresh comparison needs. */
export const FAILURE_MEMORY_MS = 26 * 3_600_000;
/** Runs kept per condition; a check flapping faster than this loses its oldest runs first. */
const MAX_RUNS = 200;

/**
 * One failing check: each condition it failed (in the order first seen) with its runs, a run
 * being two numbers in `spans` (from, to): flat arrays instead of a Set, a Map and an object per
 * run (10,000 checks failing two conditions for 10 minutes: 16.8 MiB of heap before, 7 now).
 */
interface CheckFailures {
  /** Conditions failing in the check's latest result: the next failure extends their run. */
  last: readonly string[];
  conditions: string[];
  /** spans[i]: the runs of conditions[i] as [fromMs, toMs, fromMs, toMs, ...]. */
  spans: number[][];
}

const NONE: readonly string[] = Object.freeze([]);
/** "error <kind>" once per kind (a dozen), not a new string per failed result. */
const errorNames = new Map<string, string>();
const errorName = (kind: string) => {
  let name = errorNames.get(kind);
  if (name === undefined) {
    name = `error ${kind}`;
    if (errorNames.size < 64) errorNames.set(kind, name);
  }
  return name;
};

/** What failed in one result: each failed condition by its text, each probe error as "error <kind>". */
export function failingOf(result: CheckResult): string[] {
  const failing: string[] = [];
  for (const c of result.conditions) if (!c.ok) failing.push(c.condition);
  for (const e of result.errors) failing.push(errorName(e.kind));
  return failing;
}

/**
 * Which conditions of a check failed when, kept in memory from the results the gateway sees. The
 * result store keeps only success and latency per raw row (conditions would multiply its size),
 * so the deploy comparison's `failing` lists come from here: each condition as runs of
 * consecutive failing results, so a check failing every 10 s for a day is one run, not 8,640.
 * After a restart it knows only what it has seen since (and the last result of each check).
 */
export class FailureMemory {
  private readonly checks = new Map<string, CheckFailures>();

  record(result: CheckResult): void {
    const ts = Date.parse(result.timestamp);
    const key = keyOf(result.serviceId, result.checkId);
    const failing = unique(failingOf(result));
    let check = this.checks.get(key);
    if (!check) {
      if (failing.length === 0) return;
      check = { last: NONE, conditions: [], spans: [] };
      this.checks.set(key, check);
    }
    // arrays are replaced, not pushed to, when they grow (a new condition or run, rare next to
    // extending a run): exact sizes, where push would leave room for 16 more elements each
    for (const condition of failing) {
      const at = check.conditions.indexOf(condition);
      if (at < 0) {
        check.conditions = check.conditions.concat(condition);
        check.spans = check.spans.concat([[ts, ts]]);
        continue;
      }
      const spans = check.spans[at]!;
      // the run still open: this condition failed in the previous result too
      if (check.last.includes(condition) && ts >= spans[spans.length - 1]!)
        spans[spans.length - 1] = ts;
      else check.spans[at] = spans.concat(ts, ts).slice(-2 * MAX_RUNS);
    }
    check.last = failing.length === 0 ? NONE : failing;
    forgetBefore(check, ts - FAILURE_MEMORY_MS);
    if (check.conditions.length === 0 && check.last.length === 0) this.checks.delete(key);
  }

  /** Conditions of the check that failed at least once in [fromMs, toMs), in the order first seen. */
  failingIn(serviceId: string, checkId: string, fromMs: number, toMs: number): string[] {
    const check = this.checks.get(keyOf(serviceId, checkId));
    if (!check) return [];
    return check.conditions.filter((_, i) => {
      const spans = check.spans[i]!;
      for (let k = 0; k < spans.length; k += 2)
        if (spans[k]! < toMs && spans[k + 1]! >= fromMs) return true;
      return false;
    });
  }
}

/** Drops runs that ended before the cutoff, and conditions left without runs. */
function forgetBefore(check: CheckFailures, cutoffMs: number): void {
  for (let i = check.conditions.length - 1; i >= 0; i--) {
    const spans = check.spans[i]!;
    let stale = false;
    for (let k = 1; k < spans.length && !stale; k += 2) stale = spans[k]! < cutoffMs;
    if (!stale) continue;
    const kept: number[] = [];
    for (let k = 0; k < spans.length; k += 2)
      if (spans[k + 1]! >= cutoffMs) kept.push(spans[k]!, spans[k + 1]!);
    if (kept.length > 0)
      check.spans[i] = kept.slice(); // exact size
    else {
      check.conditions.splice(i, 1);
      check.spans.splice(i, 1);
    }
  }
}

/** The same condition twice in one result (two equal errors) is one failure of it. */
function unique(failing: string[]): string[] {
  return failing.length < 2 || new Set(failing).size === failing.length
    ? failing
    : [...new Set(failing)];
}

const keyOf = (serviceId: string, checkId: string) => `${serviceId}\u0000${checkId}`;
