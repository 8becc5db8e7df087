import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Incident } from '@aether/contract';
import { toIncident, type IncidentRow } from '../sqlite-result-schema.js';
import {
  CLOSE_INCIDENT,
  incidentValues,
  INSERT_INCIDENT,
  type IncidentChange,
  type ResultBatch,
} from './pg-result-batch.js';
import { DatabaseUnavailable, isDatabaseAway } from './pg-unavailable.js';

/**
 * The incidents of PgResultStore. Written at once (they are rare and the monitor awaits them);
 * while Postgres is away they are kept with the results and written with the first batch after,
 * so an outage that takes a service down still records its incident. Ids are made here, so an
 * open needs no answer. Reads apply the changes not written yet.
 */
export class PgIncidents {
  /** Open incidents this store opened or read, so a close can answer while Postgres is away. */
  private readonly openKnown = new Map<string, Incident>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly results: {
      /** Runs fn in turn with the writer (see PgResultStore). */
      locked<T>(fn: () => Promise<T>): Promise<T>;
      /** The batches not committed yet, oldest first. */
      batches(): ResultBatch[];
      /** Queues a change for the next batch. */
      keep(change: IncidentChange): void;
    },
  ) {}

  async open(incident: Omit<Incident, 'id' | 'endedAt' | 'durationMs'>): Promise<Incident> {
    const opened: Incident = { ...incident, id: randomUUID(), endedAt: null, durationMs: null };
    try {
      await this.pool.query(INSERT_INCIDENT, incidentValues(opened));
    } catch (error) {
      this.keepForLater(error, { kind: 'open', incident: opened });
    }
    this.openKnown.set(opened.id, opened);
    return opened;
  }

  async close(id: string, endedAt: string): Promise<Incident | undefined> {
    try {
      await this.pool.query(CLOSE_INCIDENT, [endedAt, id]);
      const { rows } = await this.pool.query<IncidentRow>('SELECT * FROM incidents WHERE id = $1', [
        id,
      ]);
      this.openKnown.delete(id);
      return rows[0] && toIncident(rows[0]);
    } catch (error) {
      const known = this.openKnown.get(id);
      if (!known) throw error; // nothing to answer with
      this.keepForLater(error, { kind: 'close', id, endedAt });
      this.openKnown.delete(id);
      return {
        ...known,
        endedAt,
        durationMs: Math.max(0, Date.parse(endedAt) - Date.parse(known.startedAt)),
      };
    }
  }

  /** Queues a change Postgres could not take now; any other error is the caller's. */
  private keepForLater(error: unknown, change: IncidentChange): void {
    if (!(error instanceof DatabaseUnavailable) && !isDatabaseAway(error)) throw error;
    this.results.keep(change);
  }

  async listOpen(): Promise<Incident[]> {
    const rows = await this.results.locked(async () =>
      this.withUnwritten(
        (
          await this.pool.query<IncidentRow>(
            'SELECT * FROM incidents WHERE ended_at IS NULL ORDER BY started_at',
          )
        ).rows.map(toIncident),
      ),
    );
    const open = rows.filter((i) => i.endedAt === null);
    for (const incident of open) this.openKnown.set(incident.id, incident);
    return open;
  }

  async list(serviceId: string, limit: number): Promise<Incident[]> {
    return this.results.locked(async () => {
      const { rows } = await this.pool.query<IncidentRow>(
        'SELECT * FROM incidents WHERE service_id = $1 ORDER BY started_at DESC LIMIT $2',
        [serviceId, limit],
      );
      return this.withUnwritten(rows.map(toIncident))
        .filter((i) => i.serviceId === serviceId)
        .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
        .slice(0, limit);
    });
  }

  /** Stored incidents with the changes not written yet applied (call under the lock). */
  private withUnwritten(stored: Incident[]): Incident[] {
    const byId = new Map(stored.map((i) => [i.id, i]));
    for (const change of this.results.batches().flatMap((batch) => batch.incidents)) {
      if (change.kind === 'open') byId.set(change.incident.id, change.incident);
      else {
        const incident = byId.get(change.id) ?? this.openKnown.get(change.id);
        if (incident && incident.endedAt === null)
          byId.set(change.id, {
            ...incident,
            endedAt: change.endedAt,
            durationMs: Math.max(0, Date.parse(change.endedAt) - Date.parse(incident.startedAt)),
          });
      }
    }
    return [...byId.values()].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }
}
