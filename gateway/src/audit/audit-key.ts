import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where the key comes from, for the log line at start (never the key itself). */
export type AuditKeySource = 'env' | 'file' | 'ephemeral';

/**
 * The HMAC key that signs the audit head, checkpoints and archives. It lives outside the
 * database on purpose: someone who can rewrite the SQLite file can recompute a plain hash chain,
 * but not a signature. `AETHER_AUDIT_KEY` wins; else the key file (default `audit.key` next to
 * the SQLite file), created with mode 0600 when absent. A `:memory:` database without either gets
 * a key that lives as long as the process, like the trail itself.
 */
export function loadAuditKey({
  env,
  keyFile,
  sqlitePath,
}: {
  env: NodeJS.ProcessEnv;
  keyFile: string | undefined;
  sqlitePath: string;
}): { key: Buffer; source: AuditKeySource; path?: string } {
  const fromEnv = env.AETHER_AUDIT_KEY;
  if (fromEnv) {
    if (fromEnv.length < 32)
      throw new Error(
        'AETHER_AUDIT_KEY is too short: use at least 32 characters (e.g. 32 random bytes as hex)',
      );
    return { key: Buffer.from(fromEnv, 'utf8'), source: 'env' };
  }
  const path =
    keyFile ?? (sqlitePath === ':memory:' ? undefined : join(dirname(sqlitePath), 'audit.key'));
  if (!path) return { key: randomBytes(32), source: 'ephemeral' };
  try {
    return { key: Buffer.from(readFileSync(path, 'utf8').trim(), 'utf8'), source: 'file', path };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(path), { recursive: true });
  const created = randomBytes(32).toString('hex');
  // 'wx': two gateways starting at once must not each write a different key
  try {
    writeFileSync(path, `${created}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { key: Buffer.from(readFileSync(path, 'utf8').trim(), 'utf8'), source: 'file', path };
  }
  return { key: Buffer.from(created, 'utf8'), source: 'file', path };
}

/** Where the signed head is written: `audit.headFile`, else next to the SQLite file; none in memory. */
export function defaultHeadFile(
  headFile: string | undefined,
  sqlitePath: string,
): string | undefined {
  return headFile ?? (sqlitePath === ':memory:' ? undefined : `${sqlitePath}.audit-head.json`);
}
