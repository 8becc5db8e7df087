import { HttpResponse } from 'msw';
import type { ServiceSummary, Slo } from '../index.js';
import { FIXTURE_NOW, makeServices, makeSloBudget, makeSlos } from '../fixtures/index.js';
import { problem } from './problem.js';
import { handle, route } from './route.js';

const LIST = route('get', '/api/slos');
const BUDGET = route('get', '/api/services/:id/slo');

export interface SlosMockOptions {
  baseUrl?: string;
  services?: ServiceSummary[];
  /** Default: makeSlos over the fleet (every third service has one). */
  slos?: Slo[];
  now?: () => number;
}

/**
 * GET /api/slos and GET /api/services/:id/slo as the gateway answers them: 404 for a service
 * without an SLO, 400 for a bad from/to. Bodies are parsed by their contract schemas.
 */
export function slosHandlers({
  baseUrl = '',
  services = makeServices(12),
  now = () => Date.parse(FIXTURE_NOW),
  slos = makeSlos(services),
}: SlosMockOptions = {}) {
  return [
    handle(baseUrl, LIST, () => HttpResponse.json(LIST.responses[200].parse(slos))),
    handle(baseUrl, BUDGET, ({ params, request }) => {
      const query = BUDGET.query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!query.success) return problem(400, 'Invalid query', query.error.message, 'validation');
      const to = query.data.to ? Date.parse(query.data.to) : now();
      const from = query.data.from ? Date.parse(query.data.from) : undefined;
      if (from !== undefined && (from >= to || to - from > 400 * 86_400_000))
        return problem(
          400,
          'Invalid query',
          'from must be before to, at most 400 days',
          'validation',
        );
      const slo = slos.find((s) => s.serviceId === params.id);
      if (!slo) return problem(404, 'Not found', `No SLO for service ${String(params.id)}`);
      return HttpResponse.json(BUDGET.responses[200].parse(makeSloBudget(slo, now())));
    }),
  ];
}
