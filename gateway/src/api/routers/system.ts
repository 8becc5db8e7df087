import { buildOpenApi, type HealthResponse, type ReadyResponse } from '@aether/contract';
import { createRouter, type RouterFactory } from './router.js';

/** Liveness, readiness, Prometheus metrics and the OpenAPI document. */
export const systemRouter: RouterFactory = (deps, { metrics }) => {
  const startedAt = deps.clock.now();
  // the document only changes with the version, so it is built and serialized once
  let openApi: string | undefined;

  return createRouter()
    .get('/health', (ctx) => {
      const body: HealthResponse = {
        status: 'ok',
        version: deps.version,
        uptimeSeconds: Math.max(0, (deps.clock.now() - startedAt) / 1000),
      };
      ctx.set('Cache-Control', 'no-store');
      ctx.body = body;
    })
    .get('/ready', (ctx) => {
      const checks = deps.readiness();
      const body: ReadyResponse = {
        ready: checks.config && checks.storage && checks.scheduler,
        checks,
      };
      ctx.set('Cache-Control', 'no-store');
      ctx.status = body.ready ? 200 : 503;
      ctx.body = body;
    })
    .get('/metrics', async (ctx) => {
      ctx.set('Cache-Control', 'no-store');
      ctx.type = metrics.registry.contentType;
      // written a slice at a time: at 30,000 checks the whole text is ~11 MB (and its Buffer)
      ctx.body = metrics.stream();
    })
    .get('/api/openapi.json', (ctx) => {
      openApi ??= JSON.stringify(buildOpenApi(deps.version));
      ctx.type = 'application/json';
      ctx.body = openApi;
    });
};
