import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Floor {
  requests: number;
  errors: number;
  codes: Record<string, number>;
  seconds: number;
  cpuSeconds: number;
  /** CPU (user + system, every thread) per fresh-connection GET, in ms. */
  msPerRequest: number;
}

/**
 * The probe floor (src/lib/floor-main.ts): Node's http client, a fresh connection per GET,
 * against `port` at `rate` requests/s for `seconds`, in its own process.
 */
export async function measureFloor(
  root: string,
  port: number,
  rate: number,
  seconds: number,
): Promise<Floor> {
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  const { stdout } = await run(
    tsx,
    [
      path.join(root, 'bench/src/lib/floor-main.ts'),
      '--port',
      String(port),
      '--rate',
      String(rate),
      '--seconds',
      String(seconds),
    ],
    { cwd: root, timeout: (seconds + 60) * 1000 },
  );
  const floor = JSON.parse(stdout.trim().split('\n').at(-1)!) as Floor;
  if (floor.requests < rate * seconds * 0.95)
    throw new Error(
      `the floor made ${floor.requests} of ${rate * seconds} requests (${floor.errors} errors: ${JSON.stringify(floor.codes)})`,
    );
  return floor;
}
