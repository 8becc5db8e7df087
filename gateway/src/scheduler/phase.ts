/** FNV-1a, 32 bit: cheap, stable across runs and platforms, and well spread for short ids. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The offset in [0, windowMs) at which a check first runs after start. Derived from its id,
 * so 10,000 checks of one interval land evenly across that interval instead of all at once,
 * and a restart spreads them the same way again.
 */
export function phaseOffset(key: string, windowMs: number): number {
  if (windowMs <= 1) return 0;
  return hash32(key) % Math.floor(windowMs);
}
