import path from 'node:path';
import { start, freePort, type Child } from './spawn.js';

export interface Target {
  port: number;
  child: Child;
  stop(): Promise<void>;
}

/** Starts bench/src/lib/target-main.ts in its own process on a free loopback port. */
export async function startTarget(root: string, hangEvery = 0): Promise<Target> {
  const port = await freePort();
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  const child = start(tsx, [path.join(root, 'bench/src/lib/target-main.ts'), '--port', String(port), '--hang-every', String(hangEvery)], { cwd: root });
  const deadline = Date.now() + 20_000;
  while (!child.output().includes('listening')) {
    if (Date.now() > deadline) throw new Error(`target did not start: ${child.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { port, child, stop: async () => void (await child.stop()) };
}
