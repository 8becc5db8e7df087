import { describePostgres } from '../../testing/postgres-database.js';
import { describeLoginFailureStoreSuite } from '../domain/login-failure-store.suite.js';
import { PgLoginFailureStore } from './pg-login-failure-store.js';
import { usePgTestSchemas } from './pg-test-schemas.js';

describePostgres('PgLoginFailureStore', () => {
  const schemas = usePgTestSchemas();
  describeLoginFailureStoreSuite('PgLoginFailureStore', async () =>
    PgLoginFailureStore.open(await schemas.freshPool()),
  );
});
