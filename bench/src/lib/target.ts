import path from 'node:path';
import { start, freePort, type Child } from './spawn.js';

export interface Target {
  port: number;
  child: Child;
  /** Makes every path fail (500) or answer normally again. */
  control(state: 'fail' | 'ok'): Promise<void>;
  stop(): Promise<void>;
}

/** Starts bench/src/lib/target-main.ts in its own process on a free loopback port. */
export async function startTarget(
  root: string,
  hangEvery = 0,
  flipEveryMs = 0,
  alternate = false,
): Promise<Target> {
  const port = await freePort();
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  const args = [
    path.join(root, 'bench/src/lib/target-main.ts'),
    '--port',
    String(port),
    '--hang-every',
    String(hangEvery),
    '--flip-every-ms',
    String(flipEveryMs),
    ...(alternate ? ['--alternate'] : []),
  ];
  const child = start(tsx, args, { cwd: root });
  const deadline = Date.now() + 20_000;
  while (!child.output().includes('listening')) {
    if (Date.now() > deadline) throw new Error(`target did not start: ${child.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const control = async (state: 'fail' | 'ok') => {
    const res = await fetch(`http://127.0.0.1:${port}/control/${state}`, { method: 'POST' });
    if (res.status !== 204) throw new Error(`target control ${state}: ${res.status}`);
  };
  return { port, child, control, stop: async () => void (await child.stop()) };
}
