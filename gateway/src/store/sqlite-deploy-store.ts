import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { DeployOutcome } from '@aether/contract';
import { migrate } from './migrate.js';
import { deployFromRow, deployInsertValues, deploysTables, type DeployRow } from './deploy-rows.js';
import type { DeployFilter, DeployStore, NewDeploy, StoredDeploy } from './deploy-store.js';

export class SqliteDeployStore implements DeployStore {
  constructor(private readonly db: Database.Database) {
    migrate(db, 'deploys', [deploysTables('sqlite')]);
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
