import { describePostgres } from '../../testing/postgres-database.js';
import { describeApprovalStoreSuite } from '../domain/approval-store.suite.js';
import { PgApprovalStore } from './pg-approval-store.js';
import { usePgTestSchemas } from './pg-test-schemas.js';

describePostgres('PgApprovalStore', () => {
  const schemas = usePgTestSchemas();
  describeApprovalStoreSuite('PgApprovalStore', async () =>
    PgApprovalStore.open(await schemas.freshPool()),
  );
});
