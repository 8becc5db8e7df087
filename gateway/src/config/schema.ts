import { z } from 'zod';
import { PanelId, formatDuration } from '@aether/contract';
import { DEFAULT_RETENTION } from '../store/types.js';
import { auditConfigShape } from '../audit/audit-config.js';
import { operationsConfigShape } from '../operations/operations-config.js';
import { verifyConfigShape } from '../operations/verify-limit.js';
import { alertingConfigShape } from './alerting-schema.js';
import { builtInPanels } from './built-in-panels.js';
import { duration, Id, RequestHeaders } from './schema-fields.js';

const Certificate = z.strictObject({ minDaysValid: z.number().int().nonnegative() });

export const HttpExpect = z.strictObject({
  status: z.array(z.number().int().min(100).max(599)).default([200]),
  maxLatency: duration().optional(),
  /** JSONPath-ish ($.a.b[0]) → expected value; the string "*" means "exists". */
  json: z
    .record(
      z.string().regex(/^\$/, 'a path starting with $'),
      z.union([z.string(), z.number(), z.boolean(), z.null()]),
    )
    .optional(),
  bodyContains: z.string().optional(),
  /** Header name → a literal value, or a regex between slashes: "/json/". */
  headers: z.record(z.string(), z.string()).optional(),
  certificate: Certificate.optional(),
});

const CheckBase = {
  id: Id,
  interval: duration('30s'),
  timeout: duration('5s'),
  failAfter: z.number().int().min(1).max(100).default(1),
  recoverAfter: z.number().int().min(1).max(100).default(1),
};

export const HttpCheck = z.strictObject({
  ...CheckBase,
  type: z.literal('http'),
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']).default('GET'),
  path: z.string().startsWith('/').default('/'),
  /** Overrides baseUrl + path, but must stay on a loopback-or-configured host: validated at load. */
  url: z.url().optional(),
  headers: RequestHeaders.default({}),
  body: z.string().optional(),
  followRedirects: z.number().int().min(0).max(10).default(5),
  /** Trust a self-signed or private-CA certificate for https: PEM file path (relative to the config) or inline PEM. */
  ca: z.string().optional(),
  expect: HttpExpect.prefault({}),
});

export const TcpCheck = z.strictObject({
  ...CheckBase,
  type: z.literal('tcp'),
  host: z.string().optional(),
  port: z.number().int().min(1).max(65535),
});

export const DnsCheck = z.strictObject({
  ...CheckBase,
  type: z.literal('dns'),
  name: z.string().min(1),
  recordType: z.enum(['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'SRV']).default('A'),
  /** host:port of the resolver to ask; the machine's own resolver is never used implicitly. */
  server: z
    .string()
    .regex(/^(\[[0-9a-fA-F:]+\]|[^:\s]+)(:\d{1,5})?$/, 'host:port, e.g. 127.0.0.1:5353'),
  expect: z.strictObject({ values: z.array(z.string()).optional() }).prefault({}),
});

export const TlsCheck = z.strictObject({
  ...CheckBase,
  type: z.literal('tls'),
  host: z.string().optional(),
  port: z.number().int().min(1).max(65535).default(443),
  servername: z.string().optional(),
  /** Trust a self-signed or private-CA certificate: PEM file path (relative to the config) or inline PEM. */
  ca: z.string().optional(),
  expect: z
    .strictObject({ certificate: Certificate.optional(), chainValid: z.boolean().default(true) })
    .prefault({}),
});

export const CheckConfig = z.discriminatedUnion('type', [HttpCheck, TcpCheck, DnsCheck, TlsCheck]);
/**
 * Not a config field: the loader keeps `url` as written when it held a `${VAR}`, so what the
 * gateway shows never carries the expanded value (config/redact-url.ts shownUrl).
 */
export type HttpCheckConfig = z.infer<typeof HttpCheck> & { writtenUrl?: string };
export type CheckConfig = HttpCheckConfig | TcpCheckConfig | DnsCheckConfig | TlsCheckConfig;
export type TcpCheckConfig = z.infer<typeof TcpCheck>;
export type DnsCheckConfig = z.infer<typeof DnsCheck>;
export type TlsCheckConfig = z.infer<typeof TlsCheck>;

export const OperationConfig = z.strictObject({
  id: Id,
  title: z.string().min(1),
  description: z.string().optional(),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('POST'),
  /** Relative to the service's baseUrl; {name} placeholders are filled from validated params. */
  path: z.string().startsWith('/'),
  mutating: z.boolean().default(true),
  approvals: z.number().int().min(1).max(5).default(1),
  role: z.enum(['viewer', 'operator', 'admin']).default('operator'),
  timeout: duration('10s'),
  concurrency: z.number().int().min(1).max(100).default(1),
  /** At most this many invocations per minute. */
  ratePerMinute: z.number().int().min(1).max(10_000).default(30),
  headers: RequestHeaders.default({}),
  params: z
    .record(z.string(), z.unknown())
    .default({ type: 'object', properties: {}, additionalProperties: false }),
});
export type OperationConfig = z.infer<typeof OperationConfig>;

/** A service's objective: SLI = good / all results of its checks over `window` (1h–90d). */
export const SloConfig = z.strictObject({
  /** Percent of good results promised, e.g. 99.9. */
  objective: z.number().gt(0).lt(100),
  window: duration('30d').refine((ms) => ms >= 3_600_000 && ms <= 90 * 86_400_000, {
    message: 'an SLO window between 1h and 90d',
  }),
  /** Count degraded results as bad (by default degraded still serves: good). */
  degradedIsBad: z.boolean().default(false),
});
export type SloConfig = z.infer<typeof SloConfig>;

/**
 * When a service counts as flapping: `changes` or more status changes within `window`; it stops
 * after a `window` without a change. Globally with defaults; per service, what it overrides.
 */
export const FlappingConfig = z.strictObject({
  changes: z.number().int().min(2).max(1000).default(4),
  window: duration('10m').refine((ms) => ms >= 10_000 && ms <= 86_400_000, {
    message: 'a flapping window between 10s and 24h',
  }),
});
export type FlappingConfig = z.infer<typeof FlappingConfig>;

export const ServiceConfig = z.strictObject({
  id: Id,
  name: z.string().min(1),
  group: z.string().min(1).default('default'),
  tags: z.array(z.string()).default([]),
  baseUrl: z.url().optional(),
  checks: z.array(CheckConfig).default([]),
  operations: z.array(OperationConfig).default([]),
  /** Ids of the services this one needs; unknown ids and cycles are refused (semantic checks). */
  dependsOn: z.array(Id).default([]),
  slo: SloConfig.optional(),
  /** Overrides the global `flapping` settings for this service (either field alone). */
  flapping: z
    .strictObject({
      changes: z.number().int().min(2).max(1000).optional(),
      window: duration()
        .refine((ms) => ms >= 10_000 && ms <= 86_400_000, {
          message: 'a flapping window between 10s and 24h',
        })
        .optional(),
    })
    .optional(),
});
/** `writtenBaseUrl`: set by the loader, like HttpCheckConfig's writtenUrl, never by the file. */
export type ServiceConfig = Omit<z.infer<typeof ServiceConfig>, 'checks'> & {
  checks: CheckConfig[];
  writtenBaseUrl?: string;
};

export const PanelConfig = z.strictObject({
  id: PanelId,
  title: z.string().min(1),
  entry: z.url(),
  module: z.string().default('./Panel'),
  version: z.string().default('config'),
});
export type PanelConfig = z.infer<typeof PanelConfig>;

export const TokenConfig = z.strictObject({
  name: z.string().min(1),
  role: z.enum(['viewer', 'operator', 'admin']),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex characters: sha256 of the token'),
});

export const AetherConfig = z.strictObject({
  server: z
    .strictObject({
      port: z.number().int().min(0).max(65535).default(8080),
      host: z.string().default('127.0.0.1'),
      allowedOrigins: z
        .array(z.string())
        .default(['http://localhost:5173', 'http://127.0.0.1:5173']),
      /** Largest request body accepted; larger gets 413. */
      bodyLimit: z.number().int().positive().default(1_048_576),
      /** Probes running at once, across all checks. */
      concurrency: z.number().int().min(1).max(10_000).default(256),
      /** /metrics without a viewer token (a Prometheus with no credentials); off by default. */
      metricsPublic: z.boolean().default(false),
      /**
       * Host names (with or without :port) the gateway answers to besides localhost, 127.0.0.1,
       * [::1] and the hosts of allowedOrigins: the DNS-rebinding guard refuses any other Host.
       */
      allowedHosts: z.array(z.string().min(1)).default([]),
      /**
       * Reverse proxies in front of the gateway: the client address is the X-Forwarded-For entry
       * this many hops from the right, the scheme X-Forwarded-Proto's last. 0 trusts no header.
       */
      trustProxy: z.number().int().min(0).max(10).default(0),
      /** Caps on Server-Sent Events streams (GET /api/events); apply on the next start. */
      events: z
        .strictObject({
          /** Streams one caller holds (by name; by address when anonymous); more get 429. */
          perCaller: z.number().int().min(1).max(1000).default(8),
          /** Streams in total; more get 503. */
          total: z.number().int().min(1).max(100_000).default(1000),
          /** Unsent bytes a client may lag behind before it is dropped (it resumes with Last-Event-ID). */
          backlogBytes: z.number().int().min(16_384).max(1_048_576).default(262_144),
        })
        .refine((events) => events.perCaller <= events.total, {
          path: ['perCaller'],
          message: 'cannot be more than server.events.total; lower perCaller or raise total',
        })
        .prefault({}),
    })
    .prefault({}),
  storage: z
    .strictObject({
      sqlite: z.string().default('./data/aether.db'),
      /**
       * A Postgres URL instead of SQLite: several gateways on one database form one system.
       * AETHER_DATABASE_URL alone selects it too (the loader fills it in when this is absent).
       */
      postgres: z
        .string()
        .refine((url) => /^postgres(ql)?:\/\/[^/\s]/.test(url), {
          message:
            'a postgres://user:password@host:port/database URL (or ${AETHER_DATABASE_URL}); leave it out for SQLite',
        })
        .optional(),
      retention: z
        .strictObject({
          raw: duration(formatDuration(DEFAULT_RETENTION.rawMs)),
          rollup: duration(formatDuration(DEFAULT_RETENTION.minuteMs)),
          hourly: duration(formatDuration(DEFAULT_RETENTION.hourMs)),
          daily: duration(formatDuration(DEFAULT_RETENTION.dayMs)),
        })
        .prefault({}),
    })
    .prefault({}),
  /** Shard leases among gateways on one Postgres database; ignored on SQLite. */
  cluster: z
    .strictObject({
      /** Checks are spread over this many shards, each leased by one live gateway at a time. */
      shards: z.number().int().min(1).max(65_536).default(1024),
      /** A gateway that stops renewing loses its shards after this long; renewed well inside it. */
      leaseTtl: duration('15s').refine((ms) => ms >= 3000 && ms <= 600_000, {
        message:
          'between 3s and 10m: shorter leases cannot be renewed in time, longer ones leave checks unprobed for long after a gateway dies',
      }),
    })
    .prefault({}),
  auth: z
    .strictObject({
      /** What a caller without credentials may do; `viewer` opens every read to the network. */
      anonymous: z.enum(['viewer', 'none']).default('none'),
      tokens: z.array(TokenConfig).default([]),
      sessionTtl: duration('12h'),
      /** Failed logins (bad session or bearer tokens) per client address before 429. */
      loginLimit: z
        .strictObject({
          maxFailures: z.number().int().min(1).max(1000).default(5),
          window: duration('5m'),
          /** Addresses tracked at once; the least recently failed are forgotten beyond it. */
          maxTracked: z.number().int().min(100).max(1_000_000).default(10_000),
        })
        .prefault({}),
    })
    .prefault({}),
  /** Absent: the two built-in panels (the loader applies AETHER_PANEL_ORIGIN_*); `[]`: none. */
  panels: z.array(PanelConfig).default(() => builtInPanels({})),
  registry: z
    .strictObject({
      /** Origins PUT /api/panels may register entries from besides https; default: the config panels' origins. */
      allowedOrigins: z.array(z.string().min(1)).optional(),
      /** Refuse a registration without an SRI `integrity`. */
      requireIntegrity: z.boolean().default(false),
    })
    .prefault({}),
  /** Flap detection for every service (a service's own `flapping` overrides it). */
  flapping: FlappingConfig.prefault({}),
  services: z.array(ServiceConfig).default([]),
  ...alertingConfigShape,
  ...auditConfigShape,
  ...verifyConfigShape,
  ...operationsConfigShape,
});
export type AetherConfig = z.infer<typeof AetherConfig>;
