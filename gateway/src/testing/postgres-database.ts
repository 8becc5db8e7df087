import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';

/** The server tests make their databases on (the contract's default: a local trust login). */
export const TEST_POSTGRES_URL =
  process.env.AETHER_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  /** URL of a fresh, empty database of this test's own. */
  url: string;
  /** Drops the database (ending any connection still open to it). */
  drop(): Promise<void>;
}

/** Creates an empty database named aether_test_<random> on the test server. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `aether_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({
    connectionString: TEST_POSTGRES_URL,
    connectionTimeoutMillis: 3000,
  });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

let reachable: boolean | undefined;

/** Whether the test server answers (checked once per test file). */
export async function postgresReachable(): Promise<boolean> {
  if (reachable !== undefined) return reachable;
  const client = new pg.Client({
    connectionString: TEST_POSTGRES_URL,
    connectionTimeoutMillis: 2000,
  });
  try {
    await client.connect();
    await client.end();
    reachable = true;
  } catch {
    reachable = false;
  }
  return reachable;
}

/**
 * `describe` for suites that need a real Postgres server. In CI (CI=true) the server must be there
 * (.ci/run starts one), so a missing server fails the run; on a developer machine without one the
 * suite is skipped with its reason in the name, so `npm test` still passes on a fresh machine.
 */
export const describePostgres: (name: string, body: () => void) => void = await (async () => {
  if (process.env.CI === 'true' || (await postgresReachable())) return describe;
  return (name: string, body: () => void) =>
    describe.skip(`${name} (skipped: no Postgres at AETHER_TEST_POSTGRES_URL)`, body);
})();
