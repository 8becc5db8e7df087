import { HttpResponse } from 'msw';
import { AuditEntry } from '../index.js';
import { createInteractionStore, roleRefusal } from './interaction-store.js';
import { problem, refusal } from './problem.js';
import type { InteractionMockOptions } from './session.js';
import { handle, route } from './route.js';

const TRAIL = route('get', '/api/audit');
const VERIFY = route('get', '/api/audit/verify');

/** GET /api/audit (filters, paging backwards with `before`, NDJSON export) and GET /api/audit/verify. */
export function auditHandlers({
  baseUrl = '',
  store = createInteractionStore(),
}: InteractionMockOptions = {}) {
  return [
    handle(baseUrl, VERIFY, () => {
      const refused = roleRefusal(store, VERIFY.role);
      if (refused) return refusal(refused);
      // as the gateway: checked against the signed head, the newest entry
      const newest = store.audit.at(-1);
      const report = store.verification ?? {
        ok: true,
        checked: store.audit.length,
        brokenAt: null,
        reason: null,
        from: 0,
        head: newest ? { id: newest.id, hash: newest.hash, count: newest.id } : null,
      };
      return HttpResponse.json(VERIFY.responses[200].parse(report));
    }),
    handle(baseUrl, TRAIL, ({ request }) => {
      const refused = roleRefusal(store, TRAIL.role);
      if (refused) return refusal(refused);
      const query = TRAIL.query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!query.success) return problem(400, 'Invalid query', query.error.message, 'validation');
      const { service, actor, from, to, before, limit, format } = query.data;
      const matching = store.audit
        .filter(
          (e) =>
            (!service || e.serviceId === service) &&
            (!actor || e.actor === actor) &&
            (!from || Date.parse(e.at) >= Date.parse(from)) &&
            (!to || Date.parse(e.at) <= Date.parse(to)) &&
            (!before || e.id < before),
        )
        .sort((a, b) => b.id - a.id);
      if (format === 'ndjson') {
        const lines = matching.map((e) => JSON.stringify(AuditEntry.parse(e))).join('\n');
        return new HttpResponse(lines ? `${lines}\n` : '', {
          headers: { 'content-type': 'application/x-ndjson' },
        });
      }
      const entries = matching.slice(0, limit);
      const nextBefore = matching.length > limit ? entries.at(-1)!.id : null;
      return HttpResponse.json(TRAIL.responses[200].parse({ entries, nextBefore }));
    }),
  ];
}
