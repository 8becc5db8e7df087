import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ClusterInfo } from '@aether/contract';
import { startGateway, type RunningGateway } from '../cli/start-gateway.js';
import { sha256Of } from '../config/reload/index.js';
import { until } from '../testing/cluster-gateways.js';
import { startSwitchableTarget, type SwitchableTarget } from '../testing/gateway-under-test.js';
import {
  createTestDatabase,
  describePostgres,
  type TestDatabase,
} from '../testing/postgres-database.js';

/**
 * Two gateways on one database, each with its own copy of the config (as two hosts or pods
 * have): a reload on one makes the other re-read its own file, and /api/cluster shows each
 * member's config hash, so copies that differ are visible.
 */
describePostgres('config reloads across the cluster', () => {
  let database: TestDatabase;
  let target: SwitchableTarget;
  let dir: string;
  const gateways: RunningGateway[] = [];
  const fileOf = (id: string) => join(dir, `${id}.yaml`);
  const configText = (services: string[]) =>
    [
      'server: { port: 0 }',
      'auth: { anonymous: viewer }',
      `storage: { postgres: "${database.url}" }`,
      'cluster: { shards: 8, leaseTtl: 3s }',
      'services:',
      ...services.flatMap((id) => [
        `  - id: ${id}`,
        `    name: ${id}`,
        `    baseUrl: ${target.url}`,
        '    checks:',
        '      - { id: health, type: http, path: /health, interval: 1s, timeout: 1s }',
      ]),
      '',
    ].join('\n');

  beforeAll(async () => {
    database = await createTestDatabase();
    target = await startSwitchableTarget();
    dir = mkdtempSync(join(tmpdir(), 'aether-cluster-reload-'));
    for (const id of ['gw-a', 'gw-b']) {
      writeFileSync(fileOf(id), configText(['orders']));
      gateways.push(
        await startGateway({
          configPath: fileOf(id),
          env: { ...process.env, AETHER_GATEWAY_ID: id, AETHER_DB: '' },
          logger: pino({ level: 'silent' }),
        }),
      );
    }
  }, 60_000);
  afterAll(async () => {
    for (const gateway of gateways) await gateway.close();
    await target?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const cluster = async (gateway: RunningGateway) =>
    ClusterInfo.parse(await (await fetch(`${gateway.url}/api/cluster`)).json());
  const hashes = (info: ClusterInfo) =>
    Object.fromEntries(info.members.map((m) => [m.id, m.configHash]));

  it('a reload on one gateway makes the other re-read its own file', async () => {
    const [a, b] = gateways as [RunningGateway, RunningGateway];
    const next = configText(['orders', 'billing']);
    writeFileSync(fileOf('gw-a'), next);
    writeFileSync(fileOf('gw-b'), next); // b is not told: no watcher runs in this test
    const outcome = await a.reload('api');
    expect(outcome.kind).toBe('applied');
    await until(
      () => b.deps.monitor.listServices().map((s) => s.id),
      (ids) => ids.includes('billing'),
    );
    const info = await until(
      () => cluster(b),
      (i) => Object.values(hashes(i)).every((h) => h === sha256Of(next)),
      100,
    );
    expect(Object.keys(hashes(info)).sort()).toEqual(['gw-a', 'gw-b']);
  }, 30_000);

  it('shows a member running another config: its hash differs', async () => {
    const [a, b] = gateways as [RunningGateway, RunningGateway];
    const different = configText(['orders', 'billing', 'search']);
    writeFileSync(fileOf('gw-b'), different);
    await b.reload('api'); // asks a too, whose file has not changed
    const info = await until(
      () => cluster(a),
      (i) => hashes(i)['gw-b'] === sha256Of(different),
      100,
    );
    expect(hashes(info)['gw-a']).not.toBe(sha256Of(different));
    expect(a.deps.monitor.listServices().map((s) => s.id)).not.toContain('search');
  }, 30_000);
});
