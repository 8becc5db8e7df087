import { openSqliteStores } from '../open-stores.js';
import { describeApprovalStoreSuite } from './approval-store.suite.js';

describeApprovalStoreSuite(
  'SqliteApprovalStore',
  () => openSqliteStores({ path: ':memory:' }).approvals,
);
