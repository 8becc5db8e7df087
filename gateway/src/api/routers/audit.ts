import { Readable } from 'node:stream';
import { AuditQuery } from '@aether/contract';
import { operateServices } from '../../operations/operate-services.js';
import { parseQuery } from '../validate.js';
import { createRouter, type RouterFactory } from './router.js';

/** The audit trail: a page (newest first), an NDJSON export (oldest first, chain order), and the chain check. */
export const auditRouter: RouterFactory = (deps) => {
  const { audit } = operateServices(deps);

  return createRouter()
    .get('/api/audit', (ctx) => {
      const query = parseQuery(ctx, AuditQuery);
      ctx.set('Cache-Control', 'no-store');
      const filter = { service: query.service, actor: query.actor, from: query.from, to: query.to };
      if (query.format === 'ndjson') {
        ctx.type = 'application/x-ndjson';
        ctx.attachment('audit.ndjson');
        ctx.body = Readable.from(
          (function* () {
            for (const entry of audit.iterate(filter)) yield `${JSON.stringify(entry)}\n`;
          })(),
        );
        return;
      }
      ctx.body = audit.query({ ...filter, before: query.before, limit: query.limit });
    })
    .get('/api/audit/verify', (ctx) => {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = audit.verify();
    });
};
