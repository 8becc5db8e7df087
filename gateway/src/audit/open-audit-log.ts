import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { AetherConfig } from '../config/schema.js';
import type { EventBus } from '../events/bus.js';
import type { AuditStore } from '../store/domain/audit-store.js';
import { FileHeadAnchor, MemoryHeadAnchor } from './audit-head.js';
import { defaultHeadFile, loadAuditKey } from './audit-key.js';
import { AuditLog } from './audit-log.js';

/**
 * The audit log of a gateway: its key (AETHER_AUDIT_KEY or the key file), its head file, and a
 * head for a trail that has none yet (one written before heads were signed).
 */
export async function openAuditLog({
  config,
  store,
  clock,
  logger,
  events,
  env,
}: {
  config: Pick<AetherConfig, 'audit' | 'storage'>;
  store: AuditStore;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  env: NodeJS.ProcessEnv;
}): Promise<AuditLog> {
  const sqlitePath = config.storage.sqlite;
  const { key, source, path } = loadAuditKey({ env, keyFile: config.audit.keyFile, sqlitePath });
  const headFile = defaultHeadFile(config.audit.headFile, sqlitePath);
  logger.info({ keySource: source, keyFile: path, headFile }, 'audit trail signing key loaded');
  const audit = new AuditLog(store, clock, {
    key,
    anchor: headFile ? new FileHeadAnchor(headFile) : new MemoryHeadAnchor(),
    logger,
    events,
  });
  await audit.anchorExisting();
  return audit;
}
