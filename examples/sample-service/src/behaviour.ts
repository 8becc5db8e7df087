/** How /health behaves right now; changed on demand through POST /control. */
export type Mode = 'ok' | 'fail' | 'slow' | 'hang' | 'flaky';
export const MODES: readonly Mode[] = ['ok', 'fail', 'slow', 'hang', 'flaky'];

export interface Behaviour {
  mode: Mode;
  /** Delay of `slow` (and of every answer when set), in milliseconds. */
  latencyMs: number;
  /** Share of requests `flaky` fails, 0..1. */
  failRate: number;
}

export const DEFAULT_BEHAVIOUR: Behaviour = { mode: 'ok', latencyMs: 0, failRate: 0.3 };
const SLOW_DEFAULT_MS = 1500;

/** Validates a control request; returns the new behaviour or a message saying what was wrong. */
export function applyControl(current: Behaviour, body: unknown): Behaviour | string {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return 'expected a JSON object such as {"mode":"fail"}';
  const { mode, latencyMs, failRate, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0)
    return `unknown field(s) ${unknown.join(', ')}; allowed: mode, latencyMs, failRate`;
  if (mode !== undefined && !MODES.includes(mode as Mode))
    return `mode must be one of ${MODES.join(', ')}`;
  if (
    latencyMs !== undefined &&
    (typeof latencyMs !== 'number' || latencyMs < 0 || latencyMs > 120_000)
  )
    return 'latencyMs must be a number from 0 to 120000';
  if (failRate !== undefined && (typeof failRate !== 'number' || failRate < 0 || failRate > 1))
    return 'failRate must be a number from 0 to 1';
  const next: Behaviour = { ...current };
  if (mode !== undefined) {
    next.mode = mode as Mode;
    // Switching to slow without a latency would be no change at all.
    if (next.mode === 'slow' && latencyMs === undefined && next.latencyMs === 0)
      next.latencyMs = SLOW_DEFAULT_MS;
    if (next.mode === 'ok' && latencyMs === undefined) next.latencyMs = 0;
  }
  if (latencyMs !== undefined) next.latencyMs = latencyMs;
  if (failRate !== undefined) next.failRate = failRate;
  return next;
}

/** mulberry32: a tiny seeded PRNG, so a flaky instance fails the same way run after run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A stable seed from a name (FNV-1a). */
export function seedFrom(text: string): number {
  let hash = 0x811c9dc5;
  for (const char of text) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash;
}
