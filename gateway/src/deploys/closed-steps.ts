/**
 * Steps of a comparison window that can no longer change: a result is stamped with its probe's
 * start and written when the probe ends (and, in a cluster, by its gateway's next flush), so a
 * step that ended this long before now holds every result it will ever hold.
 */
export const CLOSED_AFTER_MS = 2 * 60_000;
/**
 * Kept steps are read again whole after this long: results written later than
 * {@link CLOSED_AFTER_MS} (a cluster's gateway that held its batch through a database outage)
 * join the comparison within this, instead of never.
 */
export const KEPT_FOR_MS = 10 * 60_000;
/**
 * Deploys whose windows are kept; the oldest read is forgotten first. A deploy of 100 single-check
 * services 2 h after its start keeps 100 × (30 + 240) steps of 4 numbers: about 0.9 MB.
 */
const MAX_DEPLOYS = 8;

/** What a window's steps give its figures: counts summed, each step's quantiles with its count. */
export interface StepSummary {
  total: number;
  failures: number;
  /** Flat pairs: a step's p50, then its result count as weight (plain numbers: 8 bytes each). */
  p50: number[];
  p95: number[];
}

export interface KeptSteps {
  /** The window's steps up to `untilMs` (a step boundary, or the window's end when all is closed). */
  steps: StepSummary;
  untilMs: number;
  /** When the window was last read whole. */
  sinceMs: number;
}

/** Where {@link windowStats} keeps one window's closed steps between comparisons. */
export interface StepMemo {
  get(): KeptSteps | undefined;
  set(closed: KeptSteps): void;
}

/**
 * The closed steps of each deployed check's windows, by deploy, so a page that reads a deploy's
 * comparison every few seconds costs the gateway the last minute or so of raw results per check
 * instead of the whole window (up to 2 h × 360 results per check and side, read and sorted again
 * on every read). Keyed by the window's own bounds and step, so a finish (which moves "after") or a
 * longer window (read from rollups in larger steps) starts afresh.
 */
export class ClosedSteps {
  private readonly deploys = new Map<string, Map<string, KeptSteps>>();

  memo(deployId: string, key: string): StepMemo {
    const windows = () => {
      let found = this.deploys.get(deployId);
      if (found) this.deploys.delete(deployId);
      else found = new Map();
      this.deploys.set(deployId, found); // most recently read last
      while (this.deploys.size > MAX_DEPLOYS)
        this.deploys.delete(this.deploys.keys().next().value!);
      return found;
    };
    return {
      get: () => this.deploys.get(deployId)?.get(key),
      set: (closed) => void windows().set(key, closed),
    };
  }

  /** How many deploys have windows kept (for tests). */
  get size(): number {
    return this.deploys.size;
  }
}
