import { randomUUID } from 'node:crypto';
import type { DeployOutcome } from '@aether/contract';
import type { DeployFilter, DeployStore, NewDeploy, StoredDeploy } from '../deploy-store.js';
import { PgStore, pgStoreOpener } from './pg-store.js';
import {
  deployFromRow,
  deployInsertValues,
  deploysTables,
  type DeployRow,
} from '../deploy-rows.js';
import { inTransaction } from './pg-transaction.js';

/** Recorded deploys in Postgres (tables `deploys`, `deploy_services`), shared by every gateway. */
export class PgDeployStore extends PgStore implements DeployStore {
  /** Migrates the deploys domain and returns the store. */
  static readonly open = pgStoreOpener('deploys', [deploysTables('postgres')], PgDeployStore);

  async create(deploy: NewDeploy): Promise<StoredDeploy> {
    const id = `dep-${randomUUID()}`;
    const startedMs = Date.parse(deploy.startedAt);
    const row = await inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<DeployRow>(
        `INSERT INTO deploys (id, services, version, description, started_by, started_at, failing_before)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
        deployInsertValues(id, startedMs, deploy),
      );
      await client.query(
        `INSERT INTO deploy_services (service_id, started_at, deploy_id)
         SELECT service_id, $2, $3 FROM unnest($1::text[]) AS s (service_id)
         ON CONFLICT DO NOTHING`,
        [deploy.services, startedMs, id],
      );
      return rows[0]!;
    });
    return deployFromRow(row);
  }

  async get(id: string): Promise<StoredDeploy | undefined> {
    const { rows } = await this.pool.query<DeployRow>('SELECT * FROM deploys WHERE id = $1', [id]);
    return rows[0] && deployFromRow(rows[0]);
  }

  async finish(
    id: string,
    end: { outcome: DeployOutcome; atMs: number; by: string },
  ): Promise<StoredDeploy | undefined> {
    // one statement: of two gateways finishing the same deploy, the second finds it finished
    const { rows } = await this.pool.query<DeployRow>(
      `UPDATE deploys SET outcome = $1, finished_at = $2, finished_by = $3
       WHERE id = $4 AND outcome IS NULL RETURNING *`,
      [end.outcome, end.atMs, end.by, id],
    );
    return rows[0] && deployFromRow(rows[0]);
  }

  async list(filter: DeployFilter): Promise<StoredDeploy[]> {
    const from = filter.fromMs ?? Number.MIN_SAFE_INTEGER;
    const to = filter.toMs ?? Number.MAX_SAFE_INTEGER;
    const { rows } =
      filter.serviceId === undefined
        ? await this.pool.query<DeployRow>(
            `SELECT * FROM deploys WHERE started_at >= $1 AND started_at < $2
             ORDER BY started_at DESC, id DESC LIMIT $3`,
            [from, to, filter.limit],
          )
        : await this.pool.query<DeployRow>(
            `SELECT d.* FROM deploy_services s JOIN deploys d ON d.id = s.deploy_id
             WHERE s.service_id = $4 AND s.started_at >= $1 AND s.started_at < $2
             ORDER BY s.started_at DESC, d.id DESC LIMIT $3`,
            [from, to, filter.limit, filter.serviceId],
          );
    return rows.map(deployFromRow);
  }
}
