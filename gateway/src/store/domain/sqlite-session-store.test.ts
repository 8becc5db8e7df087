import { openSqliteStores } from '../open-stores.js';
import { describeSessionStoreSuite } from './session-store.suite.js';

describeSessionStoreSuite(
  'SqliteSessionStore',
  () => openSqliteStores({ path: ':memory:' }).sessions,
);
