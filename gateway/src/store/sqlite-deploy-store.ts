import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { DeployOutcome } from '@aether/contract';
import { migrate } from './migrate.js';
import { deployFromRow, deployInsertValues, type DeployRow } from './deploy-rows.js';
import type { DeployFilter, DeployStore, NewDeploy, StoredDeploy } from './deploy-store.js';

/**
 * Steps of the deploys domain; append only (see migrate.ts). Times in ms for range queries; a
 * deploy's services also go to deploy_services so "deploys of a service in a range" (history
 * markers, ?service=) is an index seek, not a scan of every deploy's JSON.
 */
const DEPLOY_MIGRATIONS = [
  `CREATE TABLE deploys (
    id TEXT PRIMARY KEY,
    services TEXT NOT NULL,
    version TEXT NOT NULL,
    description TEXT,
    started_by TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    finished_by TEXT,
    outcome TEXT,
    failing_before TEXT NOT NULL
  );
  CREATE INDEX deploys_started ON deploys (started_at);
  CREATE TABLE deploy_services (
    service_id TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    deploy_id TEXT NOT NULL REFERENCES deploys (id),
    PRIMARY KEY (service_id, started_at, deploy_id)
  ) WITHOUT ROWID;`,
];

export class SqliteDeployStore implements DeployStore {
  constructor(private readonly db: Database.Database) {
    migrate(db, 'deploys', DEPLOY_MIGRATIONS);
  }

  async create(deploy: NewDeploy): Promise<StoredDeploy> {
    const id = `dep-${randomUUID()}`;
    const startedMs = Date.parse(deploy.startedAt);
    const insertService = this.db.prepare(
      'INSERT OR IGNORE INTO deploy_services (service_id, started_at, deploy_id) VALUES (?, ?, ?)',
    );
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO deploys (id, services, version, description, started_by, started_at, failing_before)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(...deployInsertValues(id, startedMs, deploy));
      for (const serviceId of deploy.services) insertService.run(serviceId, startedMs, id);
    })();
    return (await this.get(id))!;
  }

  async get(id: string): Promise<StoredDeploy | undefined> {
    const row = this.db.prepare('SELECT * FROM deploys WHERE id = ?').get(id) as
      DeployRow | undefined;
    return row ? deployFromRow(row) : undefined;
  }

  async finish(
    id: string,
    end: { outcome: DeployOutcome; atMs: number; by: string },
  ): Promise<StoredDeploy | undefined> {
    const changed = this.db
      .prepare(
        `UPDATE deploys SET outcome = ?, finished_at = ?, finished_by = ?
         WHERE id = ? AND outcome IS NULL`,
      )
      .run(end.outcome, end.atMs, end.by, id).changes;
    return changed > 0 ? this.get(id) : undefined;
  }

  async list(filter: DeployFilter): Promise<StoredDeploy[]> {
    const params = {
      service: filter.serviceId ?? null,
      from: filter.fromMs ?? Number.MIN_SAFE_INTEGER,
      to: filter.toMs ?? Number.MAX_SAFE_INTEGER,
      limit: filter.limit,
    };
    const rows = (
      filter.serviceId === undefined
        ? this.db.prepare(
            `SELECT * FROM deploys WHERE started_at >= @from AND started_at < @to
             ORDER BY started_at DESC, id DESC LIMIT @limit`,
          )
        : this.db.prepare(
            `SELECT d.* FROM deploy_services s JOIN deploys d ON d.id = s.deploy_id
             WHERE s.service_id = @service AND s.started_at >= @from AND s.started_at < @to
             ORDER BY s.started_at DESC, d.id DESC LIMIT @limit`,
          )
    ).all(params) as DeployRow[];
    return rows.map(deployFromRow);
  }
}
