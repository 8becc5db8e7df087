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

/** Applies the growth factor to this process's V8; returns the percent applied (0: V8's default). */
export function applyHeapGrowth(env: NodeJS.ProcessEnv = process.env): number {
  const percent = heapGrowingPercent(env);
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
  return percent;
}
