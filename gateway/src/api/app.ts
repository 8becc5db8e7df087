import Koa from 'koa';
import helmet from 'koa-helmet';
import { createGatewayMetrics } from '../metrics/gateway-metrics.js';
import type { AppDeps } from './deps.js';
import type { AppContext, AppState } from './context.js';
import type { AppRuntime } from './runtime.js';
import { errorHandler } from './error-handler.js';
import { requestLog } from './request-log.js';
import { cors } from './cors.js';
import { hostGuard } from './host-guard.js';
import { strictTransportSecurity } from './strict-transport.js';
import { authorize } from './authorize.js';
import { auditRoleRefusals } from './audit-role-refusals.js';
import { authenticate } from './authenticate.js';
import { readJsonBody } from './body.js';
import { EventStreams } from './event-streams.js';
import { HttpError } from './errors.js';
import { routers } from './routers/index.js';

export type AetherApp = Koa<AppState, AppContext> & {
  readonly runtime: AppRuntime;
  /** Ends every SSE stream (clients reconnect elsewhere) and drops bus subscriptions. */
  close(): void;
};

/** The gateway's HTTP app, without listening: main wires the real deps, tests real or in-memory ones. */
export function createApp(deps: AppDeps): AetherApp {
  // server.trustProxy hops: ctx.ip is then the X-Forwarded-For entry that many hops from the
  // right (Koa's maxIpsCount), the address the login limiter and SSE caps key on
  const hops = deps.config.server.trustProxy ?? 0;
  const app = new Koa<AppState, AppContext>({ proxy: hops > 0, maxIpsCount: hops });
  const disposers: Array<() => void> = [];
  const metrics = createGatewayMetrics({
    events: deps.events,
    monitor: deps.monitor,
    processMetrics: deps.processMetrics ?? true,
    extra: deps.alerting?.metrics ?? [],
    ...(deps.cluster ? { gateway: deps.cluster.self } : {}),
  });
  const caps = deps.config.server.events;
  const streams = new EventStreams({
    metrics,
    heartbeatMs: deps.sseHeartbeatMs,
    clock: deps.clock,
    maxStreamsPerClient: caps.perCaller,
    maxStreams: caps.total,
    maxBufferedBytes: caps.backlogBytes,
  });
  const runtime: AppRuntime = { metrics, streams, onClose: (dispose) => disposers.push(dispose) };
  disposers.push(() => metrics.close());

  // errors escaping the middleware (e.g. a socket failing mid-stream) go to our log, not stderr
  app.on('error', (error: unknown) => deps.logger.warn({ err: error }, 'unhandled koa error'));

  app.use(errorHandler(deps.logger));
  app.use(requestLog(deps.logger));
  app.use(hostGuard(deps.config.server));
  // helmet would send HSTS over plain http too; ours only over TLS
  app.use(
    helmet({
      crossOriginResourcePolicy: { policy: 'same-site' },
      strictTransportSecurity: false,
    }),
  );
  app.use(strictTransportSecurity());
  app.use(cors(deps.config.server.allowedOrigins));
  app.use(authenticate(deps));
  app.use(auditRoleRefusals(deps));
  app.use(authorize());
  app.use(readJsonBody(deps.config.server.bodyLimit));
  for (const factory of routers) {
    const router = factory(deps, runtime);
    app.use(router.routes());
  }
  app.use(async (ctx) => {
    // the route is in the contract (authorize let it through) but no router answers it yet
    if (ctx.body === undefined && ctx.respond !== false) {
      throw new HttpError(501, {
        code: 'not-implemented',
        detail: `${ctx.method} ${ctx.path} is not implemented by this gateway yet`,
        expose: true,
      });
    }
  });

  return Object.assign(app, {
    runtime,
    close() {
      streams.closeAll();
      for (const dispose of disposers.splice(0)) dispose();
    },
  });
}
