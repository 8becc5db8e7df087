import { Readable } from 'node:stream';
import { AuditQuery, AuditVerifyQuery } from '@aether/contract';
import { archiveDirOf, startAuditRetention } from '../../audit/audit-retention.js';
import { parseQuery } from '../validate.js';
import { createRouter, type RouterFactory } from './router.js';

/** The audit trail: a page (newest first), an NDJSON export (oldest first, chain order), the chain check, and retention. */
export const auditRouter: RouterFactory = (deps, runtime) => {
  const { audit, config } = deps;
  // Retention lives as long as the app, like the approvals' expiry sweep (audit.retention).
  const archiveDir = archiveDirOf(config.audit.archiveDir, config.storage.sqlite);
  if (config.audit.retention && archiveDir) {
    const retention = startAuditRetention({
      log: audit,
      clock: deps.clock,
      logger: deps.logger,
      retentionMs: config.audit.retention,
      dir: archiveDir,
    });
    runtime.onClose(retention.stop);
  }

  return createRouter()
    .get('/api/audit', async (ctx) => {
      const query = parseQuery(ctx, AuditQuery);
      ctx.set('Cache-Control', 'no-store');
      const filter = { service: query.service, actor: query.actor, from: query.from, to: query.to };
      if (query.format === 'ndjson') {
        ctx.type = 'application/x-ndjson';
        ctx.attachment('audit.ndjson');
        ctx.body = Readable.from(
          (async function* () {
            for await (const entry of audit.iterate(filter)) yield `${JSON.stringify(entry)}\n`;
          })(),
        );
        return;
      }
      ctx.body = await audit.query({ ...filter, before: query.before, limit: query.limit });
    })
    .get('/api/audit/verify', async (ctx) => {
      const { full } = parseQuery(ctx, AuditVerifyQuery);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await audit.verify({ full: full === 'true' });
    });
};
