import { openSqliteStores } from '../open-stores.js';
import { describeConfirmTokenStoreSuite } from './confirm-token-store.suite.js';

describeConfirmTokenStoreSuite(
  'SqliteConfirmTokenStore',
  () => openSqliteStores({ path: ':memory:' }).confirmTokens,
);
