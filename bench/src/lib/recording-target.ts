import path from 'node:path';
import { start, freePort, type Child } from './spawn.js';

/** The cluster bench's recording target (recording-target-main.ts) in its own process. */
export interface RecordingTarget {
  port: number;
  child: Child;
  /** Opens a measurement window; resolves to the probes counted so far. */
  openWindow(): Promise<number>;
  /** Probes so far, paths probed in the window, and those probed by more than one gateway. */
  window(): Promise<{ probes: number; probed: number; duplicates: number }>;
  fail(paths: readonly string[]): Promise<void>;
  ok(): Promise<void>;
  /** Remembers the paths `gateway` probed last; resolves to how many. */
  orphansOf(gateway: string): Promise<number>;
  /** Probes that arrived from `from` to `to` (ms, whole seconds: both are rounded down). */
  arrivals(from: number, to: number): Promise<number>;
  /** Who probed each of these paths last (null: nobody yet). */
  lastProbers(paths: readonly string[]): Promise<Record<string, string | null>>;
  /** Orphans not yet probed by another gateway since `since`, and the latest takeover probe. */
  takeover(since: number): Promise<{ pending: number; lastAt: number }>;
  stop(): Promise<void>;
}

export async function startRecordingTarget(root: string): Promise<RecordingTarget> {
  const port = await freePort();
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  const child = start(
    tsx,
    [path.join(root, 'bench/src/lib/recording-target-main.ts'), '--port', String(port)],
    {
      cwd: root,
    },
  );
  const deadline = Date.now() + 20_000;
  while (!child.output().includes('listening')) {
    if (Date.now() > deadline) throw new Error(`recording target did not start: ${child.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const call = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const res = await fetch(`http://127.0.0.1:${port}/control/${route}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    if (res.status !== 200) throw new Error(`recording target ${route}: ${res.status}`);
    return (await res.json()) as T;
  };
  return {
    port,
    child,
    openWindow: async () => (await call<{ probes: number }>('POST', 'window')).probes,
    window: () => call('GET', 'window'),
    fail: async (paths) => void (await call('POST', 'fail', paths)),
    ok: async () => void (await call('POST', 'ok')),
    orphansOf: async (gateway) =>
      (await call<{ count: number }>('POST', 'orphans', { gateway })).count,
    arrivals: async (from, to) =>
      (await call<{ probes: number }>('GET', `arrivals?from=${from}&to=${to}`)).probes,
    lastProbers: (paths) => call('POST', 'last', paths),
    takeover: (since) => call('GET', `takeover?since=${since}`),
    stop: async () => void (await child.stop()),
  };
}
