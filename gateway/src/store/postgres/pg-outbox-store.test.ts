import { describePostgres } from '../../testing/postgres-database.js';
import { outboxStoreSuite } from '../outbox-store.suite.js';
import { PgOutboxStore } from './pg-outbox-store.js';
import { usePgTestSchemas } from './pg-test-schemas.js';

describePostgres('PgOutboxStore', () => {
  const schemas = usePgTestSchemas();
  outboxStoreSuite('PgOutboxStore', async () => PgOutboxStore.open(await schemas.freshPool()));
});
