import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceChanges, type ServiceSummary } from '@aether/contract';
import type { RunningGateway } from '../../cli/start-gateway.js';
import {
  API_TOKENS,
  startSwitchableTarget,
  type SwitchableTarget,
} from '../../testing/gateway-under-test.js';
import { authConfigLines } from '../../testing/bot-tokens.js';
import { startConfigGateway } from '../../testing/config-gateway.js';
import { expectJson } from '../../testing/problem-assertions.js';

/**
 * db ← api ← web (each depends on the one before), each on its own real loopback target, and
 * `solo` depending on nothing. Checks run only when a test asks (POST /api/verify), so each step
 * changes exactly one service's status — and the dependents' rootCause follows without a status
 * change of their own. The list revision must move for them too (PRODUCT.md: the revision grows
 * when status, since, maintenance, rootCause or config change), or a watching panel keeps showing
 * a stale "caused by".
 */
let gateway: RunningGateway;
const targets: Record<string, SwitchableTarget> = {};
const SERVICES = [
  { id: 'db', dependsOn: [] },
  { id: 'api', dependsOn: ['db'] },
  { id: 'web', dependsOn: ['api'] },
  { id: 'solo', dependsOn: [] },
] as const;

beforeAll(async () => {
  for (const s of SERVICES) targets[s.id] = await startSwitchableTarget();
  gateway = await startConfigGateway([
    ...authConfigLines('viewer', { operator: API_TOKENS.operator }),
    'services:',
    ...SERVICES.flatMap((s) => [
      `  - id: ${s.id}`,
      `    name: ${s.id}`,
      `    baseUrl: ${targets[s.id]!.url}`,
      `    dependsOn: [${s.dependsOn.join(', ')}]`,
      '    checks:',
      '      - { id: health, type: http, path: /health, interval: 1h, timeout: 2s, failAfter: 1, recoverAfter: 1 }',
    ]),
  ]);
  await verify(SERVICES.map((s) => s.id));
});

afterAll(async () => {
  await gateway?.close();
  for (const t of Object.values(targets)) await t.close();
});

async function verify(services: string[]): Promise<void> {
  const response = await fetch(`${gateway.url}/api/verify`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${API_TOKENS.operator}`,
    },
    body: JSON.stringify({ services }),
  });
  expect(response.status).toBe(200);
  await response.arrayBuffer();
}

async function revision(): Promise<number> {
  const response = await fetch(`${gateway.url}/api/summary`);
  await response.arrayBuffer();
  return Number(response.headers.get('x-aether-revision'));
}

/** Services changed after `since`, by id, with their rootCause's service (or null). */
async function changedSince(since: number): Promise<Record<string, string | null>> {
  const changes = await expectJson(
    await fetch(`${gateway.url}/api/services/changes?since=${since}`),
    ServiceChanges,
  );
  return Object.fromEntries(
    changes.changed.map((s: ServiceSummary) => [s.id, s.rootCause?.serviceId ?? null]),
  );
}

/** Breaks or heals one service's target and runs its check alone. */
async function set(id: string, healthy: boolean): Promise<void> {
  targets[id]!.healthy = healthy;
  await verify([id]);
}

describe('list revision and root cause', () => {
  it('moves for dependents whose rootCause changed while their own status stayed down', async () => {
    // web and api go down first, on their own: no root cause yet (api is the cause of web)
    await set('api', false);
    await set('web', false);
    const bothDown = await revision();

    // the database goes down: api and web stay down, but both are now caused by db
    await set('db', false);
    expect(await changedSince(bothDown)).toEqual({ db: null, api: 'db', web: 'db' });

    // the database recovers: api and web are still down, their root cause moves back (web ← api)
    const dbDown = await revision();
    await set('db', true);
    expect(await changedSince(dbDown)).toEqual({ db: null, api: null, web: 'api' });
  });

  it('does not move for dependents whose rootCause stayed the same, nor for unrelated services', async () => {
    // api (down, no cause) recovers: web's cause goes away, solo is untouched
    const before = await revision();
    await set('api', true);
    expect(await changedSince(before)).toEqual({ api: null, web: null });

    // web recovers too; then db degrades nothing below it: a flap of db while its dependents
    // are up changes no rootCause, so only db is listed
    await set('web', true);
    const allUp = await revision();
    await set('db', false);
    expect(await changedSince(allUp)).toEqual({ db: null });
    await set('db', true);
  });
});
