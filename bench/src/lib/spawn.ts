import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { startProcess } from '../../../scripts/lib/processes.mjs';

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Child {
  process: ChildProcess;
  pid: number;
  output: () => string;
  stop(): Promise<number | null>;
}

/**
 * Spawns a process through the stack's process helper (scripts/lib/processes.mjs), keeps the
 * tail of its output, and stops it with SIGTERM (SIGKILL after 15 s); resolves to its exit code.
 */
export function start(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; stdin?: boolean },
): Child {
  const piece = startProcess(path.basename(args[0] ?? command), command, args, options);
  return {
    process: piece.child,
    pid: piece.child.pid!,
    output: () => piece.output(),
    async stop() {
      await piece.stop(15_000);
      return (await piece.exited).code;
    },
  };
}

/** Polls until `check` resolves true or the deadline passes. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
  gaveUp: () => boolean = () => false,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gaveUp()) throw new Error(`gave up waiting for ${what}: the process exited`);
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}
