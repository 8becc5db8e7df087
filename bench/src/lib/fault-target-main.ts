/**
 * The gateway's fault targets (gateway/src/testing/fault-targets.ts: hang, slow headers and body,
 * reset, 5xx, expired and self-signed TLS, a resolver that answers NXDOMAIN or nothing, 100 MB and
 * endless bodies, redirect loop, off-host and downgrade redirects, invalid JSON, wrong content
 * type) in a process of their own, so their CPU is not counted as the gateway's or the bench's.
 * The same module the probe fault suite uses, so the bench breaks targets exactly as the tests do.
 * Prints one line `faults <json>` (the FaultTargets fields) once listening; runs until killed.
 * Usage: fault-target-main.ts
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface FaultTargets {
  http: string;
  raw: string;
  expired: { url: string; ca: string };
  selfSigned: { url: string; ca: string };
  dnsServer: string;
  close(): Promise<void>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
// a path the compiler does not follow: gateway/src is the gateway's, not part of this package
const modulePath = path.resolve(here, '../../../gateway/src/testing/fault-targets.ts');
const { startFaultTargets, SILENT_NAME } = (await import(pathToFileURL(modulePath).href)) as {
  startFaultTargets(): Promise<FaultTargets>;
  SILENT_NAME: string;
};

const targets = await startFaultTargets();
const { close: _close, ...shown } = targets;
process.stdout.write(`faults ${JSON.stringify({ ...shown, silentName: SILENT_NAME })}\n`);
const stop = () => void targets.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
