import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the heap grow past what the last full GC kept, in percent (V8's
 * --heap-growing-percent). V8's own heuristic allows up to 4x: at 10,000 checks the gateway keeps
 * ~80 MiB live, yet every probe's sockets and buffers outlive the young generation, so the heap
 * swelled to ~330 MiB between full GCs (RSS 470 MiB). Growing 20 % past the live size caps that at
 * the cost of more frequent (incremental, mostly concurrent) full GCs — bench/results/NOTES.md has
 * the figures. The factor is read at every GC, so setting it at start-up takes effect.
 */
export const DEFAULT_HEAP_GROWING_PERCENT = 20;
export const HEAP_GROWING_ENV = 'AETHER_HEAP_GROWING_PERCENT';

/** Parses the env override: an integer 0..400, where 0 hands the choice back to V8. */
export function heapGrowingPercent(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[HEAP_GROWING_ENV];
  if (raw === undefined || raw.trim() === '') return DEFAULT_HEAP_GROWING_PERCENT;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 400) {
    throw new Error(
      `${HEAP_GROWING_ENV} must be an integer from 0 (V8's default) to 400, got "${raw}"`,
    );
  }
  return value;
}

/**
 * Whether every full GC also compacts the old generation (V8's --compact-on-every-full-gc), from
 * AETHER_HEAP_COMPACT: on unless "0". V8's own heuristic evacuates only pages at least 70 % free,
 * a few MiB a GC; with 1,000 probes a second, objects that outlive the young generation die all
 * over the old one, so pages stay a third to a half empty and committed old space ran ~1.5x what
 * a full GC kept (a cluster gateway at 30,000 checks: ~145 MiB committed for ~93 MiB live, RSS
 * 255-290 MiB). Compacting each full GC moves the survivors of those pages together and frees
 * the rest — bench/results/NOTES.md has the figures, CPU included.
 */
export const HEAP_COMPACT_ENV = 'AETHER_HEAP_COMPACT';

export function heapCompactOnEveryGc(env: NodeJS.ProcessEnv = process.env): boolean {
  const raw = env[HEAP_COMPACT_ENV]?.trim();
  if (raw === undefined || raw === '' || raw === '1') return true;
  if (raw === '0') return false;
  throw new Error(
    `${HEAP_COMPACT_ENV} must be 1 (compact the heap on every full GC, the default) or 0 (V8's own choice), got "${raw}"`,
  );
}

/**
 * Applies the growth factor and the compaction to this process's V8 (both are read at every GC,
 * so setting them at start-up takes effect); returns what was applied (percent 0: V8's default).
 */
export function applyHeapGrowth(env: NodeJS.ProcessEnv = process.env): {
  percent: number;
  compact: boolean;
} {
  const percent = heapGrowingPercent(env);
  const compact = heapCompactOnEveryGc(env);
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
  if (compact) setFlagsFromString('--compact-on-every-full-gc');
  return { percent, compact };
}
