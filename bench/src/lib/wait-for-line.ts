import type { Child } from './spawn.js';

/** Waits until a child process has printed a line starting with `prefix`; fails if it exits. */
export async function waitForLine(
  child: Child,
  prefix: string,
  timeoutMs: number,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = child
      .output()
      .split('\n')
      .find((l) => l.startsWith(prefix));
    if (line) return line;
    if (child.process.exitCode !== null)
      throw new Error(`${child.process.spawnfile} exited: ${child.output().slice(-2000)}`);
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for "${prefix}": ${child.output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
