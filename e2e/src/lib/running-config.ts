import { gatewayApi, TOKENS } from './stack.js';

/**
 * The figures a scenario's time bounds are computed from, read from the config the gateway runs
 * (GET /api/config, admin: the file as written, secrets redacted) rather than copied into the
 * test, so a change to the demo config moves the bound with it. Missing keys take the defaults of
 * PRODUCT.md and gateway/src/config/schema.ts.
 */

const CHECK_DEFAULTS = { interval: '30s', failAfter: 1, recoverAfter: 1 };
const FLAPPING_DEFAULTS = { changes: 4, window: '10m' };

interface RawCheck {
  id: string;
  interval?: string;
  failAfter?: number;
  recoverAfter?: number;
}
interface RawService {
  id: string;
  checks?: RawCheck[];
  flapping?: { changes?: number; window?: string };
}
interface RawConfig {
  services?: RawService[];
  flapping?: { changes?: number; window?: string };
}

export interface CheckTiming {
  intervalMs: number;
  failAfter: number;
  recoverAfter: number;
}

export interface FlapRule {
  changes: number;
  windowMs: number;
}

export interface RunningConfig {
  check(serviceId: string, checkId: string): CheckTiming;
  flapRule(serviceId: string): FlapRule;
}

export async function readRunningConfig(): Promise<RunningConfig> {
  const response = await gatewayApi('GET', '/api/config', TOKENS.admin);
  if (!response.ok) throw new Error(`GET /api/config answered ${response.status}`);
  const { config } = (await response.json()) as { config: RawConfig };
  const service = (id: string) => {
    const found = config.services?.find((s) => s.id === id);
    if (!found) throw new Error(`no service ${id} in the running config`);
    return found;
  };
  return {
    check(serviceId, checkId) {
      const check = service(serviceId).checks?.find((c) => c.id === checkId);
      if (!check) throw new Error(`no check ${serviceId}/${checkId} in the running config`);
      return {
        intervalMs: durationMs(check.interval ?? CHECK_DEFAULTS.interval),
        failAfter: check.failAfter ?? CHECK_DEFAULTS.failAfter,
        recoverAfter: check.recoverAfter ?? CHECK_DEFAULTS.recoverAfter,
      };
    },
    flapRule(serviceId) {
      const own = service(serviceId).flapping;
      return {
        changes: own?.changes ?? config.flapping?.changes ?? FLAPPING_DEFAULTS.changes,
        windowMs: durationMs(own?.window ?? config.flapping?.window ?? FLAPPING_DEFAULTS.window),
      };
    },
  };
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The config's duration strings (`500ms`, `10s`, `5m`, `48h`, `30d`). */
export function durationMs(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) throw new Error(`not a duration: ${text}`);
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}
