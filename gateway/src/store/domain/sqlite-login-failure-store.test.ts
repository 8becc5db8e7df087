import { openSqliteStores } from '../open-stores.js';
import { describeLoginFailureStoreSuite } from './login-failure-store.suite.js';

describeLoginFailureStoreSuite(
  'SqliteLoginFailureStore',
  () => openSqliteStores({ path: ':memory:' }).loginFailures,
);
