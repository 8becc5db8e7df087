import type { DeployOutcome } from '@aether/contract';
import type { NewDeploy, StoredDeploy } from './deploy-store.js';

/**
 * A row of `deploys` as both the SQLite and the Postgres store read it (times in ms). Each store
 * keeps its own CREATE TABLE (INTEGER vs BIGINT times, COLLATE "C" ids on Postgres).
 */
export interface DeployRow {
  id: string;
  services: string;
  version: string;
  description: string | null;
  started_by: string;
  started_at: number;
  finished_at: number | null;
  finished_by: string | null;
  outcome: string | null;
  failing_before: string;
}

/** The values of a new deploy, in the column order of both stores' INSERT. */
export function deployInsertValues(id: string, startedMs: number, deploy: NewDeploy): unknown[] {
  return [
    id,
    JSON.stringify(deploy.services),
    deploy.version,
    deploy.description,
    deploy.by,
    startedMs,
    JSON.stringify(deploy.failingBefore),
  ];
}

export function deployFromRow(row: DeployRow): StoredDeploy {
  return {
    id: row.id,
    services: JSON.parse(row.services) as string[],
    version: row.version,
    description: row.description,
    by: row.started_by,
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at === null ? null : new Date(row.finished_at).toISOString(),
    finishedBy: row.finished_by,
    outcome: row.outcome as DeployOutcome | null,
    failingBefore: JSON.parse(row.failing_before) as StoredDeploy['failingBefore'],
  };
}
