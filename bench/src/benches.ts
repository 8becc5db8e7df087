import type { Bench } from './run.js';
import { probing } from './benches/probing.js';
import { probingPostgres } from './benches/probing-postgres.js';
import { history } from './benches/history.js';
import { sse } from './benches/sse.js';
import { dbSize } from './benches/db-size.js';
import { firstRows, frontEnd } from './benches/front-end.js';
import { deployPage, nowView } from './benches/now-and-deploy-pages.js';
import { configReload } from './benches/config-reload.js';
import { listPolling } from './benches/list-polling.js';
import { alertOutage } from './benches/alert-outage.js';
import { outboxBacklog } from './benches/outbox-backlog.js';
import { slos } from './benches/slos.js';
import { faults } from './benches/faults.js';
import { cluster } from './benches/cluster.js';
import { clusterOutage } from './benches/cluster-outage.js';

/** Every benchmark, in the order they run. */
export const BENCHES: Bench[] = [
  probing,
  probingPostgres,
  configReload,
  listPolling,
  dbSize,
  history,
  sse,
  frontEnd,
  firstRows,
  nowView,
  deployPage,
  alertOutage,
  outboxBacklog,
  slos,
  faults,
  cluster,
  clusterOutage,
];
