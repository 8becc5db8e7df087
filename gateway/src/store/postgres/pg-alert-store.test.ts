import { describePostgres } from '../../testing/postgres-database.js';
import { alertStoreSuite } from '../alert-store.suite.js';
import { PgAlertStore } from './pg-alert-store.js';
import { usePgTestSchemas } from './pg-test-schemas.js';

describePostgres('PgAlertStore', () => {
  const schemas = usePgTestSchemas();
  alertStoreSuite('PgAlertStore', async () => PgAlertStore.open(await schemas.freshPool()));
});
