import { hostname } from 'node:os';
import type { ClusterView } from './cluster-node.js';
import { memberIdOf } from './member-id.js';

/**
 * /api/cluster of a gateway on its own (SQLite): one member, itself, probing every check. It
 * holds no shard leases: without Postgres there is nothing to split.
 */
export function singleMemberView(options: {
  now: () => number;
  configHash: () => string;
  checks: () => number;
}): ClusterView {
  const self = memberIdOf();
  const host = hostname();
  const startedAt = new Date(options.now()).toISOString();
  return {
    self,
    info: () =>
      Promise.resolve({
        self,
        members: [
          {
            id: self,
            host,
            startedAt,
            lastSeen: new Date(options.now()).toISOString(),
            shards: 0,
            checks: options.checks(),
            configHash: options.configHash(),
            alive: true,
          },
        ],
      }),
  };
}
