import { afterEach, expect, it } from 'vitest';
import {
  createTestDatabase,
  describePostgres,
  TEST_POSTGRES_URL,
} from '../../testing/postgres-database.js';
import { startTcpProxy } from '../../testing/tcp-proxy.js';
import { closedPort } from '../../testing/tcp-target.js';
import { result } from '../store.suite.js';
import { openPostgresStores } from './open-postgres-stores.js';

describePostgres('openPostgresStores', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('opens every store on one database; isOpen follows reachability; close flushes', async () => {
    const database = await createTestDatabase();
    cleanup.push(() => database.drop());
    const target = new URL(TEST_POSTGRES_URL);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    cleanup.push(() => proxy.close());
    const stores = await openPostgresStores({
      url: proxy.through(database.url),
      pingIntervalMs: 50,
      results: { retryMs: 20, maxRetryMs: 100 },
    });
    cleanup.push(() => stores.close());
    expect(stores.isOpen()).toBe(true);
    const domains = (await stores.rawSql(
      'SELECT DISTINCT domain FROM schema_migrations ORDER BY domain',
    )) as { domain: string }[];
    expect(domains.length).toBeGreaterThanOrEqual(11);
    expect(domains.map((d) => d.domain)).toContain('results');

    await proxy.cut();
    await until(() => !stores.isOpen());
    stores.results.recordResult(result('orders', 'health', Date.now()));
    await proxy.restore();
    await until(() => stores.isOpen());
    await stores.close();
    expect(stores.isOpen()).toBe(false);

    const again = await openPostgresStores({ url: database.url });
    cleanup.push(() => again.close());
    expect(await again.rawSql('SELECT count(*)::int AS n FROM results_raw')).toEqual([{ n: 1 }]);
  });

  it('says which server it cannot reach, without the password', async () => {
    const port = await closedPort();
    await expect(
      openPostgresStores({
        url: `postgres://aether:s3cret@127.0.0.1:${port}/aether`,
        connectTimeoutMs: 200,
      }),
    ).rejects.toThrow(
      /cannot reach Postgres at postgres:\/\/aether:\*\*\*@127\.0\.0\.1:\d+\/aether/,
    );
  });
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('until: condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
