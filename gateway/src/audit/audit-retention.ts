import { dirname, join } from 'node:path';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { AuditLog } from './audit-log.js';

/** How often retention looks for entries to archive; a day's worth of lateness is nothing here. */
const RETENTION_EVERY_MS = 60 * 60_000;

/** `audit.archiveDir`, else `audit-archive` next to the SQLite file; none for `:memory:`. */
export function archiveDirOf(
  archiveDir: string | undefined,
  sqlitePath: string,
): string | undefined {
  return (
    archiveDir ??
    (sqlitePath === ':memory:' ? undefined : join(dirname(sqlitePath), 'audit-archive'))
  );
}

/**
 * Archives entries older than `retentionMs` once at start and then hourly (audit.retention). A
 * failed run is logged and tried again next time; the live trail is never touched by a failure.
 */
export function startAuditRetention({
  log,
  clock,
  logger,
  retentionMs,
  dir,
}: {
  log: AuditLog;
  clock: Clock;
  logger: Logger;
  retentionMs: number;
  dir: string;
}): { stop(): void; runOnce(): Promise<void> } {
  let timer: unknown;
  let stopped = false;
  const runOnce = async () => {
    try {
      const archived = await log.archive({ before: clock.now() - retentionMs, dir });
      if (archived) logger.info(archived, 'audit entries archived');
    } catch (error) {
      logger.error({ err: error }, 'archiving old audit entries failed');
    }
  };
  const loop = async () => {
    await runOnce();
    if (!stopped) timer = clock.setTimeout(() => void loop(), RETENTION_EVERY_MS);
  };
  timer = clock.setTimeout(() => void loop(), 0);
  return {
    runOnce,
    stop() {
      stopped = true;
      clock.clearTimeout(timer);
    },
  };
}
