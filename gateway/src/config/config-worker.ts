/**
 * Worker entry of loadConfigFileInWorker: loads and validates one config file and posts back
 * the plain result, or the located issues of a ConfigError, or an error message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ConfigError, loadConfigFile, parseConfigText } from './load.js';
import type { ConfigWorkerReply, ConfigWorkerRequest } from './load-in-worker.js';

const { path, env, text } = workerData as ConfigWorkerRequest;
let reply: ConfigWorkerReply;
try {
  const config = text === undefined ? loadConfigFile(path, env) : parseConfigText(text, path, env);
  reply = { ok: true, config };
} catch (error) {
  reply =
    error instanceof ConfigError
      ? { ok: false, issues: [...error.issues] }
      : { ok: false, message: error instanceof Error ? error.message : String(error) };
}
parentPort!.postMessage(reply);
