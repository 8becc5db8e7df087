import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { CheckResult, ServiceSummary, Status } from '@aether/contract';

const STATUSES: readonly Status[] = ['up', 'degraded', 'down', 'unknown'];
/** Checks rendered between two yields to the event loop: a slice stays around a millisecond or two. */
const SLICE = 1_000;

/** A Prometheus label value: backslash, double quote and newline escaped (exposition format). */
export function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** One check's current status, as the status family writes it. */
export interface CheckStatusRow {
  serviceId: string;
  checkId: string;
  type: string;
  status: Status;
}

/** The check status rows of a services list (a monitor without `checkStatuses`). */
export function* statusRowsOf(services: readonly ServiceSummary[]): Iterable<CheckStatusRow> {
  for (const service of services)
    for (const check of service.checks)
      yield { serviceId: service.id, checkId: check.id, type: check.type, status: check.status };
}

const keyOf = (serviceId: string, checkId: string) => `${serviceId}\u0000${checkId}`;

interface CheckEntry {
  serviceId: string;
  checkId: string;
  type: string;
  /** Probes by outcome. */
  success: number;
  failure: number;
}

/**
 * The two per-check families of /metrics — `aether_probes_total` and `aether_check_status` —
 * written straight to exposition text. Through prom-client they were a label object and a hash
 * per series: at 10,000 checks (60,000 series, 4 MB of text) a scrape held the event loop for
 * ~0.5 s, and every probe due meanwhile started late. Here each check probed here keeps its two
 * counts, and rendering yields to the loop every SLICE checks. Its label text is made at each
 * scrape, as the status family makes it for every check: kept per check, it held 2.7 MiB at 10,000
 * checks (a heap snapshot of a cluster gateway).
 */
export class CheckSeries {
  private readonly checks = new Map<string, CheckEntry>();
  /** Labels every series starts with (`gateway="…",` in a cluster), escaped once. */
  private readonly prefix: string;

  constructor(constLabels: Record<string, string> = {}) {
    this.prefix = Object.entries(constLabels)
      .map(([name, value]) => `${name}="${escapeLabel(value)}",`)
      .join('');
  }

  /** Counts one probe result. */
  observe(result: Pick<CheckResult, 'serviceId' | 'checkId' | 'type' | 'success'>): void {
    const entry = this.entry(result.serviceId, result.checkId, result.type);
    if (result.success) entry.success++;
    else entry.failure++;
  }

  /** Both families as exposition text; `checks` gives the current status of every check. */
  async render(checks: Iterable<CheckStatusRow>): Promise<string> {
    const slices: string[] = [];
    for await (const slice of this.slices(checks)) slices.push(slice);
    return slices.join('');
  }

  /**
   * Both families as slices of exposition text, a slice per SLICE checks with a turn of the
   * event loop between: written to the response as they come (a stream), so a scrape never holds
   * the whole text — at 30,000 checks (a cluster gateway lists every check's status) 120,000
   * status lines, ~11 MB as one string and again as its Buffer. The lines of a slice are joined
   * at its end, so they die young.
   */
  async *slices(checks: Iterable<CheckStatusRow>): AsyncGenerator<string> {
    const out: string[] = [
      '# HELP aether_probes_total Probes run, by service, check, type and outcome (success or failure)\n',
      '# TYPE aether_probes_total counter\n',
    ];
    const endSlice = async () => {
      const slice = out.join('');
      out.length = 0;
      await yieldToLoop();
      return slice;
    };
    let n = 0;
    for (const entry of this.checks.values()) {
      const labels = this.labelsOf(entry.serviceId, entry.checkId, entry.type);
      if (entry.success > 0)
        out.push(`aether_probes_total${labels},outcome="success"} ${entry.success}\n`);
      if (entry.failure > 0)
        out.push(`aether_probes_total${labels},outcome="failure"} ${entry.failure}\n`);
      if (++n % SLICE === 0) yield await endSlice();
    }
    out.push(
      '# HELP aether_check_status 1 for the current status of each check, 0 for the others\n',
      '# TYPE aether_check_status gauge\n',
    );
    for (const check of checks) {
      const labels = this.labelsOf(check.serviceId, check.checkId, check.type);
      for (const status of STATUSES)
        out.push(
          `aether_check_status${labels},status="${status}"} ${check.status === status ? 1 : 0}\n`,
        );
      if (++n % SLICE === 0) yield await endSlice();
    }
    yield out.join('');
  }

  private labelsOf(serviceId: string, checkId: string, type: string): string {
    return `{${this.prefix}service="${escapeLabel(serviceId)}",check="${escapeLabel(checkId)}",type="${escapeLabel(type)}"`;
  }

  private entry(serviceId: string, checkId: string, type: string): CheckEntry {
    const key = keyOf(serviceId, checkId);
    let entry = this.checks.get(key);
    if (!entry) {
      entry = { serviceId, checkId, type, success: 0, failure: 0 };
      this.checks.set(key, entry);
    }
    return entry;
  }
}
