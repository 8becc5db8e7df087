import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { CheckResult, ServiceSummary, Status } from '@aether/contract';

const STATUSES: readonly Status[] = ['up', 'degraded', 'down', 'unknown'];
/** Checks rendered between two yields to the event loop: a slice stays around a millisecond or two. */
const SLICE = 1_000;

/** A Prometheus label value: backslash, double quote and newline escaped (exposition format). */
export function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

interface CheckEntry {
  /** `{service="…",check="…",type="…"` — built once per check. */
  labels: string;
  /** Probes by outcome; a check listed for its status alone has none yet. */
  success: number;
  failure: number;
}

/**
 * The two per-check families of /metrics — `aether_probes_total` and `aether_check_status` —
 * written straight to exposition text. Through prom-client they were a label object and a hash
 * per series: at 10,000 checks (60,000 series, 4 MB of text) a scrape held the event loop for
 * ~0.5 s, and every probe due meanwhile started late. Here each check's label text is built once,
 * and rendering yields to the loop every SLICE checks.
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

  /** Both families as exposition text; `services` gives the current status of every check. */
  async render(services: readonly ServiceSummary[]): Promise<string> {
    // lines are joined a slice at a time, so they die young: held across every yield until one
    // join at the end, 60,000 of them outlived the young generation and grew the old one ~17 MiB
    // per scrape at 10,000 checks (the gateway's RSS peak was a scrape; bench/results/NOTES.md)
    const slices: string[] = [];
    const endSlice = () => {
      slices.push(out.join(''));
      out.length = 0;
      return yieldToLoop();
    };
    const out: string[] = [
      '# HELP aether_probes_total Probes run, by service, check, type and outcome (success or failure)\n',
      '# TYPE aether_probes_total counter\n',
    ];
    let n = 0;
    for (const entry of this.checks.values()) {
      if (entry.success > 0)
        out.push(`aether_probes_total${entry.labels},outcome="success"} ${entry.success}\n`);
      if (entry.failure > 0)
        out.push(`aether_probes_total${entry.labels},outcome="failure"} ${entry.failure}\n`);
      if (++n % SLICE === 0) await endSlice();
    }
    out.push(
      '# HELP aether_check_status 1 for the current status of each check, 0 for the others\n',
      '# TYPE aether_check_status gauge\n',
    );
    for (const service of services) {
      for (const check of service.checks) {
        const { labels } = this.entry(service.id, check.id, check.type);
        for (const status of STATUSES)
          out.push(
            `aether_check_status${labels},status="${status}"} ${check.status === status ? 1 : 0}\n`,
          );
        if (++n % SLICE === 0) await endSlice();
      }
    }
    slices.push(out.join(''));
    return slices.join('');
  }

  private entry(serviceId: string, checkId: string, type: string): CheckEntry {
    const key = `${serviceId}\u0000${checkId}`;
    let entry = this.checks.get(key);
    if (!entry) {
      entry = {
        labels: `{${this.prefix}service="${escapeLabel(serviceId)}",check="${escapeLabel(checkId)}",type="${escapeLabel(type)}"`,
        success: 0,
        failure: 0,
      };
      this.checks.set(key, entry);
    }
    return entry;
  }
}
