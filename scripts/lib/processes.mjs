// Child processes of the local stack (scripts/lib/stack.mjs): spawn one with its output kept,
// wait until it answers HTTP, stop it (SIGTERM, then SIGKILL), wait for its port to be free.
// Plain JavaScript for `npm start`; types in processes.d.mts.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * Spawns one piece. Its output goes line by line to `onLine(name, line)` and/or appends to
 * `<logDir>/<name>.log`; the last 20 kB are kept for error messages either way.
 */
export function startProcess(
  name,
  command,
  args,
  { cwd = process.cwd(), env = {}, onLine, logDir, stdin = false } = {},
) {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    // stdin: a pipe the caller writes to (child.stdin), e.g. the bench's SSE clients' go signal
    stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  let log;
  let logFile;
  if (logDir) {
    mkdirSync(logDir, { recursive: true });
    logFile = join(logDir, `${name}.log`);
    log = createWriteStream(logFile, { flags: 'a' });
    log.write(`\n--- ${new Date().toISOString()} ${command} ${args.join(' ')}\n`);
  }
  let tail = '';
  for (const stream of [child.stdout, child.stderr]) {
    if (log) stream.pipe(log, { end: false });
    createInterface({ input: stream }).on('line', (line) => {
      tail = `${tail}${line}\n`.slice(-20_000);
      onLine?.(name, line);
    });
  }
  let exitedFlag = false;
  const exited = new Promise((resolveExit) => {
    const done = (code, signal, error) => {
      if (exitedFlag) return;
      exitedFlag = true;
      log?.end(
        `--- ${error ? `could not start: ${error.message}` : `exited ${signal ?? `code ${code}`}`}\n`,
      );
      resolveExit({ code, signal });
    };
    child.once('exit', (code, signal) => done(code, signal));
    child.once('error', (error) => done(null, null, error));
  });
  return {
    name,
    child,
    logFile,
    exited,
    hasExited: () => exitedFlag,
    output: () => tail,
    tail: (lines = 30) =>
      tail
        .split('\n')
        .slice(-lines - 1)
        .join('\n'),
    async stop(graceMs = 10_000) {
      if (exitedFlag || child.pid === undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `url` until it answers 200 or the deadline passes; fails at once when `owner` exits. */
export async function waitForHttp(url, { timeoutMs = 60_000, owner } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (owner?.hasExited())
      throw new Error(`${owner.name} exited before ${url} answered:\n${owner.tail()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.status === 200) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error.message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `${url} not ready within ${timeoutMs} ms (${last})${owner ? `:\n${owner.tail()}` : ''}`,
  );
}

/** True when something accepts TCP connections on host:port. */
export function portInUse(port, host = '127.0.0.1') {
  return new Promise((resolvePort) => {
    const socket = connect({ port, host });
    socket.setTimeout(1_000);
    socket.once('connect', () => (socket.destroy(), resolvePort(true)));
    socket.once('timeout', () => (socket.destroy(), resolvePort(false)));
    socket.once('error', () => resolvePort(false));
  });
}

/** Polls until nothing listens on the port any more (a stopped server has really let go). */
export async function waitForPortFree(port, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await portInUse(port))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`port ${port} still in use after ${timeoutMs} ms`);
}
