import { PerformanceObserver, constants } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/**
 * When a full GC compacts the whole old generation (V8's --compact-on-every-full-gc), from
 * AETHER_HEAP_COMPACT:
 *  - `0` (the default): V8's own choice;
 *  - `auto`: the next full GC compacts when the last one left the old space fragmented —
 *    committed more than FRAGMENTED_RATIO times what it holds, and more than
 *    FRAGMENTED_MIN_BYTES beyond it;
 *  - `1`: every full GC compacts.
 *
 * Why it exists: V8's own heuristic evacuates only pages mostly empty, a few MiB a GC. Under 1,000
 * probes a second, objects that outlive the young generation die all over the old one, so pages
 * stay a third to half empty: a cluster gateway at 30,000 checks committed ~145 MiB of old space
 * for ~93 MiB live. Why it is not the default: a compacting GC evacuates every page, so for the
 * length of it the survivors exist twice. In the cluster bench `auto` lowered the RSS read at one
 * moment by 15–35 MiB but raised the peak (VmHWM) by ~60 MiB, and every compacting GC paused
 * ~120 ms (on every full GC, that held SSE events back past 500 ms in two runs of four).
 * bench/results/NOTES.md ("Ninth session") has the figures: choose it where steady memory counts
 * more than the peak a memory limit sees.
 */
export type HeapCompaction = 'auto' | 'always' | 'never';
export const HEAP_COMPACT_ENV = 'AETHER_HEAP_COMPACT';
/**
 * Old space committed past this multiple of its used bytes after a full GC, and by more than
 * FRAGMENTED_MIN_BYTES: compact the next one. The floor keeps a small heap's steady state out of
 * it: a single gateway at 10,000 checks (~60 MiB of old space, ~15 MiB of it free room at most)
 * peaked at 231–237 MiB (VmHWM) with compaction against 195–197 without, while the cluster
 * gateway had ~50 MiB to win back. With the floor its RSS in the window was 189 MiB, yet the one
 * run still peaked at 241 MiB: something before the window (start-up, most likely) compacted.
 */
export const FRAGMENTED_RATIO = 1.25;
export const FRAGMENTED_MIN_BYTES = 24 * 2 ** 20;

export function heapCompaction(env: NodeJS.ProcessEnv = process.env): HeapCompaction {
  const raw = env[HEAP_COMPACT_ENV]?.trim();
  if (raw === undefined || raw === '' || raw === '0') return 'never';
  if (raw === 'auto') return 'auto';
  if (raw === '1') return 'always';
  throw new Error(
    `${HEAP_COMPACT_ENV} must be 0 (V8's own choice, the default), auto (compact when the old space is fragmented) or 1 (on every full GC), got "${raw}"`,
  );
}

export interface SpaceUse {
  /** Bytes the space has committed. */
  size: number;
  /** Bytes its objects take. */
  used: number;
}

/** Whether a space is fragmented enough that compacting it wins memory back. */
export function fragmented(
  { size, used }: SpaceUse,
  ratio = FRAGMENTED_RATIO,
  minBytes = FRAGMENTED_MIN_BYTES,
): boolean {
  return used > 0 && size > ratio * used && size - used > minBytes;
}

const oldSpace = (): SpaceUse => {
  const space = getHeapSpaceStatistics().find((s) => s.space_name === 'old_space');
  return { size: space?.space_size ?? 0, used: space?.space_used_size ?? 0 };
};

const compactEveryFullGc = (on: boolean) =>
  setFlagsFromString(on ? '--compact-on-every-full-gc' : '--no-compact-on-every-full-gc');

/**
 * After each full GC, sets whether the next one compacts: when the old space is fragmented
 * (V8 picks the pages to evacuate as the next marking starts, so the flag is read in time).
 * Returns a stop function.
 */
export function compactWhenFragmented(
  read: () => SpaceUse = oldSpace,
  set: (on: boolean) => void = compactEveryFullGc,
): () => void {
  let on = false;
  const observer = new PerformanceObserver((list) => {
    const major = list
      .getEntries()
      .some((entry) => (entry as { detail?: { kind?: number } }).detail?.kind === MAJOR);
    if (!major) return;
    const next = fragmented(read());
    if (next === on) return;
    on = next;
    set(on);
  });
  observer.observe({ entryTypes: ['gc'] });
  return () => observer.disconnect();
}

const MAJOR = constants.NODE_PERFORMANCE_GC_MAJOR;

/** Applies AETHER_HEAP_COMPACT to this process's V8; returns the mode applied. */
export function applyHeapCompaction(env: NodeJS.ProcessEnv = process.env): HeapCompaction {
  const mode = heapCompaction(env);
  if (mode === 'always') compactEveryFullGc(true);
  if (mode === 'auto') compactWhenFragmented();
  return mode;
}
