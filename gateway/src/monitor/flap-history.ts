import { STATUS_SEVERITY, type Status } from '@aether/contract';
import type { CheckState, StatusChange } from '../store/types.js';
import type { FlapDetector } from './flap-detector.js';

// status-machine's worstStatus, not imported: status-machine imports this module
const worst = (statuses: readonly Status[]): Status =>
  statuses.reduce<Status>(
    (w, s) => (STATUS_SEVERITY[s] > STATUS_SEVERITY[w] ? s : w),
    statuses[0] ?? 'unknown',
  );

/**
 * What a check state keeps of its status changes, so a restart does not forget a flap episode:
 * the changes of the last 24 hours (the longest flapping window the config allows), at most 16 of
 * them. Each is ~55 bytes of JSON written with the state on every result, so a check flipping on
 * every probe carries ~0.9 kB more, not ~3.5 kB as 64 would; a threshold above 16 changes
 * (default 4) is not resumed after a restart, and a resumed episode counts from at most 16.
 */
export const KEPT_CHANGES = 16;
export const KEPT_FOR_MS = 86_400_000;

/** The kept changes with `change` added, the ones out of reach of any window dropped. */
export function withStatusChange(
  changes: readonly StatusChange[] | undefined,
  change: StatusChange,
): StatusChange[] {
  const atMs = Date.parse(change.at);
  // concat, not push: an array of exactly its length (a pushed one keeps room for 16 more, ~130
  // bytes on every check state that ever changed status)
  const kept = (changes ?? []).filter((c) => atMs - Date.parse(c.at) < KEPT_FOR_MS).concat(change);
  return kept.length > KEPT_CHANGES ? kept.slice(-KEPT_CHANGES) : kept;
}

/**
 * The service's status changes (epoch ms, oldest first) replayed from its checks' kept changes:
 * the service is the worst of its checks, and, as in the running monitor, a change to or from
 * `unknown` (a start, a gap) is not counted. Each check starts from what its oldest kept change
 * left, or its current status when it kept none.
 */
export function serviceChangesOf(
  states: readonly Pick<CheckState, 'status' | 'statusChanges'>[],
): number[] {
  const current = states.map((s) => s.statusChanges?.[0]?.from ?? s.status);
  const steps = states
    .flatMap((s, check) =>
      (s.statusChanges ?? []).map((c) => ({ check, atMs: Date.parse(c.at), to: c.to })),
    )
    .sort((a, b) => a.atMs - b.atMs);
  const changes: number[] = [];
  let service = worst(current);
  for (const step of steps) {
    current[step.check] = step.to;
    const next = worst(current);
    if (next === service) continue;
    if (service !== 'unknown' && next !== 'unknown') changes.push(step.atMs);
    service = next;
  }
  return changes;
}

/**
 * A restored service's flap state: its replayed changes fed to the detector `detectorOf` gives
 * (asked for only when there are any, so a calm fleet of 10,000 makes no detectors), settled at
 * `nowMs`. Returns whether the service is flapping: its episode resumes, quiet timer and all.
 */
export function resumeFlapping(
  states: readonly Pick<CheckState, 'status' | 'statusChanges'>[],
  nowMs: number,
  detectorOf: () => FlapDetector,
): boolean {
  const changes = serviceChangesOf(states);
  if (changes.length === 0) return false;
  const detector = detectorOf();
  for (const at of changes) detector.recordChange(at);
  detector.settle(nowMs);
  return detector.flapping;
}
