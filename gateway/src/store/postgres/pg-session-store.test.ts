import { describePostgres } from '../../testing/postgres-database.js';
import { describeSessionStoreSuite } from '../domain/session-store.suite.js';
import { PgSessionStore } from './pg-session-store.js';
import { usePgTestSchemas } from './pg-test-schemas.js';

describePostgres('PgSessionStore', () => {
  const schemas = usePgTestSchemas();
  describeSessionStoreSuite('PgSessionStore', async () =>
    PgSessionStore.open(await schemas.freshPool()),
  );
});
