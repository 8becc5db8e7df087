import type { Deploy, DeployOutcome } from '@aether/contract';

/** A deploy as stored: the API's Deploy plus what its comparison needs that only the start knew. */
export interface StoredDeploy extends Deploy {
  /**
   * The conditions each check had failing in the 15 minutes before the start, as the gateway saw
   * them then (serviceId → checkId → conditions), so the before side survives a restart.
   */
  failingBefore: Record<string, Record<string, string[]>>;
}

export type NewDeploy = Omit<StoredDeploy, 'id' | 'finishedAt' | 'finishedBy' | 'outcome'>;

export interface DeployFilter {
  /** Only deploys that name this service. */
  serviceId?: string;
  /** Started at or after / before these instants (ms). */
  fromMs?: number;
  toMs?: number;
  limit: number;
}

/**
 * Recorded deploys (POST /api/deploys, `aether deploy start`, scripts/deploy.sh), shared by every
 * gateway of a system. SQLite now; another backend passes the same suite (deploy-store.suite.ts).
 */
export interface DeployStore {
  create(deploy: NewDeploy): Promise<StoredDeploy>;
  get(id: string): Promise<StoredDeploy | undefined>;
  /**
   * Records how it ended, once: undefined when the deploy is unknown or already finished (the
   * caller tells the two apart with get), so two finishing callers cannot both win.
   */
  finish(
    id: string,
    end: { outcome: DeployOutcome; atMs: number; by: string },
  ): Promise<StoredDeploy | undefined>;
  /** Latest start first. */
  list(filter: DeployFilter): Promise<StoredDeploy[]>;
}
