import type { DeployOutcome } from '@aether/contract';
import type { NewDeploy, StoredDeploy } from './deploy-store.js';
import { SQL_TYPES, type SqlDatabase } from './sql-dialect.js';

/** deploy_services is a clustered index on SQLite (no rowid); Postgres has no such option. */
const SERVICES_TABLE_OPTIONS = { sqlite: ' WITHOUT ROWID', postgres: '' };

/**
 * Step 1 of the deploys domain, the same tables on both databases (times in ms). A deploy's
 * services also go to deploy_services so "deploys of a service in a range" (history markers,
 * ?service=) is an index seek, not a scan of every deploy's JSON. Applied steps never change:
 * append new ones (migrate.ts, pg-migrate.ts).
 */
export function deploysTables(database: SqlDatabase): string {
  const { sortedId: id, ms: time } = SQL_TYPES[database];
  const servicesTable = SERVICES_TABLE_OPTIONS[database];
  return `CREATE TABLE deploys (
    id ${id} PRIMARY KEY,
    services TEXT NOT NULL,
    version TEXT NOT NULL,
    description TEXT,
    started_by TEXT NOT NULL,
    started_at ${time} NOT NULL,
    finished_at ${time},
    finished_by TEXT,
    outcome TEXT,
    failing_before TEXT NOT NULL
  );
  CREATE INDEX deploys_started ON deploys (started_at);
  CREATE TABLE deploy_services (
    service_id TEXT NOT NULL,
    started_at ${time} NOT NULL,
    deploy_id TEXT NOT NULL REFERENCES deploys (id),
    PRIMARY KEY (service_id, started_at, deploy_id)
  )${servicesTable};`;
}

/** A row of `deploys` as both the SQLite and the Postgres store read it (times in ms). */
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
