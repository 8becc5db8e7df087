import { describePostgres } from '../../testing/postgres-database.js';
import { maintenanceStoreSuite } from '../maintenance-store.suite.js';
import { PgMaintenanceStore } from './pg-maintenance-store.js';
import { usePgTestSchemas } from './pg-test-schemas.js';

describePostgres('PgMaintenanceStore', () => {
  const schemas = usePgTestSchemas();
  maintenanceStoreSuite('PgMaintenanceStore', async () =>
    PgMaintenanceStore.open(await schemas.freshPool()),
  );
});
