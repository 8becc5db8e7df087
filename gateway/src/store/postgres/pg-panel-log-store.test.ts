import { describePostgres } from '../../testing/postgres-database.js';
import { describePanelLogStoreSuite } from '../domain/panel-log-store.suite.js';
import { PgPanelLogStore } from './pg-panel-log-store.js';
import { usePgTestSchemas } from './pg-test-schemas.js';

describePostgres('PgPanelLogStore', () => {
  const schemas = usePgTestSchemas();
  describePanelLogStoreSuite('PgPanelLogStore', async () =>
    PgPanelLogStore.open(await schemas.freshPool()),
  );
});
