import { describePostgres } from '../../testing/postgres-database.js';
import { resultStoreSuite } from '../store.suite.js';
import { PgResultStore } from './pg-result-store.js';
import { usePgTestSchemas } from './pg-test-schemas.js';

describePostgres('PgResultStore', () => {
  const schemas = usePgTestSchemas();
  resultStoreSuite('PgResultStore', async (options) =>
    PgResultStore.open(await schemas.freshPool(), options),
  );
});
