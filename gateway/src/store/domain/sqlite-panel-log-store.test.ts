import { openSqliteStores } from '../open-stores.js';
import { describePanelLogStoreSuite } from './panel-log-store.suite.js';

describePanelLogStoreSuite(
  'SqlitePanelLogStore',
  () => openSqliteStores({ path: ':memory:' }).panelLog,
);
