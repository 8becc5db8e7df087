import type { CheckResult } from '@aether/contract';

/** How far back failures are remembered: the longest "after" window a fresh comparison needs. */
export const FAILURE_MEMORY_MS = 26 * 3_600_000;
/** Runs kept per condition; a check flapping faster than this loses its oldest runs first. */
const MAX_RUNS = 200;

interface Run {
  fromMs: number;
  toMs: number;
}

interface CheckFailures {
  /** Conditions failing in the check's latest result: the next failure extends their run. */
  last: Set<string>;
  runs: Map<string, Run[]>;
}

/** What failed in one result: each failed condition by its text, each probe error as "error <kind>". */
export function failingOf(result: CheckResult): string[] {
  return [
    ...result.conditions.filter((c) => !c.ok).map((c) => c.condition),
    ...result.errors.map((e) => `error ${e.kind}`),
  ];
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
    const failing = new Set(failingOf(result));
    let check = this.checks.get(key);
    if (!check) {
      if (failing.size === 0) return;
      check = { last: new Set(), runs: new Map() };
      this.checks.set(key, check);
    }
    for (const condition of failing) {
      let runs = check.runs.get(condition);
      if (!runs) check.runs.set(condition, (runs = []));
      const open = check.last.has(condition) ? runs.at(-1) : undefined;
      if (open && ts >= open.toMs) open.toMs = ts;
      else runs.push({ fromMs: ts, toMs: ts });
      if (runs.length > MAX_RUNS) runs.splice(0, runs.length - MAX_RUNS);
    }
    check.last = failing;
    this.forgetBefore(check, ts - FAILURE_MEMORY_MS);
    if (check.runs.size === 0 && check.last.size === 0) this.checks.delete(key);
  }

  /** Conditions of the check that failed at least once in [fromMs, toMs), in the order first seen. */
  failingIn(serviceId: string, checkId: string, fromMs: number, toMs: number): string[] {
    const check = this.checks.get(keyOf(serviceId, checkId));
    if (!check) return [];
    return [...check.runs]
      .filter(([, runs]) => runs.some((r) => r.fromMs < toMs && r.toMs >= fromMs))
      .map(([condition]) => condition);
  }

  private forgetBefore(check: CheckFailures, cutoffMs: number): void {
    for (const [condition, runs] of check.runs) {
      const kept = runs.filter((r) => r.toMs >= cutoffMs);
      if (kept.length === 0) check.runs.delete(condition);
      else if (kept.length !== runs.length) check.runs.set(condition, kept);
    }
  }
}

const keyOf = (serviceId: string, checkId: string) => `${serviceId}\u0000${checkId}`;
