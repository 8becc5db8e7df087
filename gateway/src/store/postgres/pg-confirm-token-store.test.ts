import { describePostgres } from '../../testing/postgres-database.js';
import { describeConfirmTokenStoreSuite } from '../domain/confirm-token-store.suite.js';
import { PgConfirmTokenStore } from './pg-confirm-token-store.js';
import { usePgTestSchemas } from './pg-test-schemas.js';

describePostgres('PgConfirmTokenStore', () => {
  const schemas = usePgTestSchemas();
  describeConfirmTokenStoreSuite('PgConfirmTokenStore', async () =>
    PgConfirmTokenStore.open(await schemas.freshPool()),
  );
});
