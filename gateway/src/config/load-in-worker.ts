import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ConfigError, type ConfigIssue } from './config-error.js';
import { loadConfigFile, parseConfigText } from './load.js';
import type { AetherConfig } from './schema.js';
import { withSharedValues } from './shared-values.js';

export interface ConfigWorkerRequest {
  path: string;
  env: NodeJS.ProcessEnv;
  /** The file's text already read (a reload hashes and loads the same bytes); else the worker reads `path`. */
  text?: string;
}

export type ConfigWorkerReply =
  | { ok: true; config: AetherConfig }
  | { ok: false; issues: ConfigIssue[] }
  | { ok: false; message: string };

const WORKER = new URL('./config-worker.js', import.meta.url);

/**
 * loadConfigFile in a worker thread. Parsing a large config (the located YAML document, then
 * zod) grows the heap far beyond what the gateway needs afterwards — 10,000 services took the
 * process to ~300 MiB RSS before the first probe, and V8 keeps a heap it has grown (bench/
 * results/NOTES.md). In a worker that peak is freed with the worker; only the plain config
 * comes back. Same result and the same ConfigError as loadConfigFile, its repeated values kept
 * once (withSharedValues). When the worker file is not there (running from TypeScript sources,
 * as the tests do) it loads in this thread, sharing the same way.
 */
export function loadConfigFileInWorker(
  path: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<AetherConfig> {
  return loadInWorker({ path, env: { ...env } });
}

/**
 * parseConfigText in a worker thread, as loadConfigFileInWorker: the config of text already
 * read, `path` naming it in messages. A reload hashes the bytes it read and loads these same
 * bytes: read twice, a write between the reads would show one file's hash for another's config.
 */
export function loadConfigTextInWorker(
  text: string,
  path: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<AetherConfig> {
  return loadInWorker({ path, env: { ...env }, text });
}

async function loadInWorker(request: ConfigWorkerRequest): Promise<AetherConfig> {
  const { path, env, text } = request;
  if (!existsSync(fileURLToPath(WORKER)))
    return withSharedValues(
      text === undefined ? loadConfigFile(path, env) : parseConfigText(text, path, env),
    );
  const reply = await new Promise<ConfigWorkerReply>((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: request });
    worker.once('message', (message: ConfigWorkerReply) => {
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new Error(`the config worker exited with code ${code} before answering`)),
    );
  });
  if (reply.ok) return withSharedValues(compacted(reply.config));
  if ('issues' in reply) throw new ConfigError(reply.issues);
  throw new Error(reply.message);
}

/**
 * The value with every array replaced by a copy of exactly its length. An array that arrives in
 * a worker's message keeps room for 16 elements (V8's deserializer): ~150 instead of ~30 bytes
 * for a service's one-element `checks` or `tags`, for as long as the config is in use. Objects
 * and arrays met twice stay one (`seen`), as the message delivered them.
 */
export function compacted<T>(value: T, seen = new Map<object, unknown>()): T {
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return seen.get(value) as T;
  if (Array.isArray(value)) {
    const copy: unknown[] = value.slice();
    seen.set(value, copy);
    for (let i = 0; i < copy.length; i++) copy[i] = compacted(copy[i], seen);
    return copy as T;
  }
  seen.set(value, value);
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return value;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) record[key] = compacted(record[key], seen);
  return value;
}
