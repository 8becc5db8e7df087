import { describePostgres } from '../../testing/postgres-database.js';
import { deployStoreSuite } from '../deploy-store.suite.js';
import { PgDeployStore } from './pg-deploy-store.js';
import { usePgTestSchemas } from './pg-test-schemas.js';

describePostgres('PgDeployStore', () => {
  const schemas = usePgTestSchemas();
  deployStoreSuite('PgDeployStore', async () => PgDeployStore.open(await schemas.freshPool()));
});
