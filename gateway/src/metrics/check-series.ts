import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { CheckResult, ServiceSummary, Status } from '@aether/contract';

const STATUSES: readonly Status[] = ['up', 'degraded', 'down', 'unknown'];
/** Checks rendered between two yields to the event loop: a slice stays around a millisecond or two. */
const SLICE = 1_000;

/** A Prometheus label value: backslash, double quote and newline escaped (exposition format). */
export function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

interface ProbeCounts {
  /** `{service="…",check="…",type="…"` — built once per check. */
  labels: string;
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
  private readonly probes = new Map<string, ProbeCounts>();
  private readonly labelsByCheck = new Map<string, string>();

  /** Counts one probe result. */
  observe(result: Pick<CheckResult, 'serviceId' | 'checkId' | 'type' | 'success'>): void {
    const key = `${result.serviceId}\u0000${result.checkId}`;
    let counts = this.probes.get(key);
    if (!counts) {
      counts = { labels: this.labels(result.serviceId, result.checkId, result.type), success: 0, failure: 0 };
      this.probes.set(key, counts);
    }
    if (result.success) counts.success++;
    else counts.failure++;
  }

  /** Both families as exposition text; `services` gives the current status of every check. */
  async render(services: readonly ServiceSummary[]): Promise<string> {
    const out: string[] = [
      '# HELP aether_probes_total Probes run, by service, check, type and outcome (success or failure)\n',
      '# TYPE aether_probes_total counter\n',
    ];
    let n = 0;
    for (const counts of this.probes.values()) {
      if (counts.success > 0) out.push(`aether_probes_total${counts.labels},outcome="success"} ${counts.success}\n`);
      if (counts.failure > 0) out.push(`aether_probes_total${counts.labels},outcome="failure"} ${counts.failure}\n`);
      if (++n % SLICE === 0) await yieldToLoop();
    }
    out.push('# HELP aether_check_status 1 for the current status of each check, 0 for the others\n', '# TYPE aether_check_status gauge\n');
    for (const service of services) {
      for (const check of service.checks) {
        const labels = this.labels(service.id, check.id, check.type);
        for (const status of STATUSES) out.push(`aether_check_status${labels},status="${status}"} ${check.status === status ? 1 : 0}\n`);
        if (++n % SLICE === 0) await yieldToLoop();
      }
    }
    return out.join('');
  }

  private labels(serviceId: string, checkId: string, type: string): string {
    const key = `${serviceId}\u0000${checkId}`;
    let labels = this.labelsByCheck.get(key);
    if (labels === undefined) {
      labels = `{service="${escapeLabel(serviceId)}",check="${escapeLabel(checkId)}",type="${escapeLabel(type)}"`;
      this.labelsByCheck.set(key, labels);
    }
    return labels;
  }
}
