import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/**
 * How often the checkpointer copies new WAL frames back into the database file. Often, so it is
 * done before the next write: SQLite starts the WAL over only at a write that finds every frame
 * copied back, and a WAL that never starts over only grows.
 */
export const CHECKPOINT_EVERY_MS = 100;

/** SQLite's own default, restored when the checkpointer cannot run. */
const AUTO_CHECKPOINT_PAGES = 1000;

/**
 * While the checkpointer runs, the writing connection still checkpoints itself past this many WAL
 * pages (32 MiB): the bound on the WAL if the thread falls behind (a starved machine). When the
 * thread keeps up, the writer never gets there.
 */
const BACKSTOP_PAGES = 8192;

/**
 * The checkpointer's thread, plain JavaScript so it runs from the built files and from the
 * TypeScript sources alike (the tests). It opens the same file on its own connection and runs a
 * PASSIVE checkpoint every `everyMs`: that never waits for the main connection's writes and never
 * makes them wait (they only take the write lock, which a checkpoint does not need).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = NORMAL');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)').raw(true);
const run = () => {
  try {
    const [busy, log, copied] = checkpoint.get();
    return { busy, log, copied };
  } catch (error) {
    parentPort.postMessage({ error: String((error && error.message) || error) });
    return undefined;
  }
};
const timer = setInterval(run, workerData.everyMs);
parentPort.on('message', (message) => {
  if (message === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort.close();
  } else parentPort.postMessage({ done: run() });
});
`;

/** What one checkpoint did, in WAL frames (pages): `copied` === `log` when it copied them all. */
export interface CheckpointOutcome {
  busy: number;
  log: number;
  copied: number;
}

export interface WalCheckpointer {
  /** A checkpoint now, in the thread (besides the timed ones); undefined if it failed. */
  checkpointNow(): Promise<CheckpointOutcome | undefined>;
  /** Ends the thread and closes its connection (before the main connection closes). */
  stop(): Promise<void>;
}

/**
 * Checkpoints a WAL-mode SQLite file from a worker thread instead of the connection that writes.
 *
 * SQLite checkpoints on the committing connection once the WAL passes 1,000 pages: it copies
 * those pages into the database file and fsyncs both files, inside the commit. A gateway probing
 * 10,000 checks writes ~1,000 results and ~1,000 check states a second, each landing on its own
 * page, so that was a checkpoint about every second on the event loop: strace of a bench gateway
 * showed 105 fsyncs in 18 s on the main thread, 0.94 s in all, the longest 131 ms — the API
 * answered nothing meanwhile. Here a thread of its own does it, with the same synchronous=NORMAL
 * durability; the writer still does it past BACKSTOP_PAGES, should the thread fall behind. What
 * is left on the writer is one small fsync of the WAL header each time the WAL starts over.
 *
 * If the thread fails, the main connection goes back to checkpointing itself, so the WAL never
 * grows without bound.
 */
export function startWalCheckpointer(
  db: Database.Database,
  path: string,
  options: { everyMs?: number; onError?: (error: unknown) => void } = {},
): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { path, driver, everyMs: options.everyMs ?? CHECKPOINT_EVERY_MS },
  });
  // the process may end while the thread waits for its next checkpoint
  worker.unref();
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  let running = true;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const fallBack = (error: unknown) => {
    if (!running) return;
    running = false;
    if (db.open) db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
    options.onError?.(error);
    void worker.terminate();
  };
  // the thread answers requests in order
  const waiting: ((outcome: CheckpointOutcome | undefined) => void)[] = [];
  worker.on('message', (message: { error?: string; done?: CheckpointOutcome }) => {
    if (message.error) fallBack(new Error(`WAL checkpoint failed: ${message.error}`));
    else if ('done' in message) waiting.shift()?.(message.done);
  });
  worker.once('error', fallBack);
  worker.once('exit', (code) => fallBack(new Error(`the WAL checkpointer exited (${code})`)));
  void exited.then(() => {
    for (const answer of waiting.splice(0)) answer(undefined);
  });
  return {
    checkpointNow() {
      if (!running) return Promise.resolve(undefined);
      return new Promise((resolve) => {
        // same: the answer is awaited, so the thread must keep the process up until it comes
        if (waiting.length === 0) worker.ref();
        waiting.push((outcome) => {
          if (waiting.length === 0) worker.unref();
          resolve(outcome);
        });
        worker.postMessage('checkpoint');
      });
    },
    async stop() {
      if (!running) return exited;
      running = false;
      // held until the thread is gone: an unref'd thread would let the process end before its
      // exit event, in the middle of the caller's shutdown
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
