import type { UptimeCounts } from './types.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** Minute slots: enough for the 1 h column with room for the current partial minute. */
const MINUTE_SLOTS = 70;
/** Hour slots: the 7 d column plus the current partial hour. */
const HOUR_SLOTS = 24 * 7 + 2;

interface Ring {
  stamps: Int32Array;
  counts: Uint32Array;
  failures: Uint32Array;
}

function ring(size: number): Ring {
  return {
    stamps: new Int32Array(size).fill(-1),
    counts: new Uint32Array(size),
    failures: new Uint32Array(size),
  };
}

function bump(r: Ring, slotNo: number, count: number, failures: number): void {
  const i = slotNo % r.stamps.length;
  if (r.stamps[i] !== slotNo) {
    r.stamps[i] = slotNo;
    r.counts[i] = 0;
    r.failures[i] = 0;
  }
  r.counts[i]! += count;
  r.failures[i]! += failures;
}

function sum(r: Ring, firstSlot: number, lastSlot: number): UptimeCounts {
  let count = 0;
  let failures = 0;
  for (let i = 0; i < r.stamps.length; i++) {
    const stamp = r.stamps[i]!;
    if (stamp >= firstSlot && stamp <= lastSlot) {
      count += r.counts[i]!;
      failures += r.failures[i]!;
    }
  }
  return { count, failures };
}

/**
 * Success counts per service in two rings of fixed size — per minute for the last ~70 minutes,
 * per hour for the last ~7 days — fed as results arrive, so the uptime columns of 10,000
 * services cost a few ms to compute instead of a scan over millions of rows. Windows are
 * resolved to whole minutes (up to ~1 h) or whole hours (longer), i.e. the edges include the
 * partial minute or hour they fall in; windows longer than the hour ring are clipped to it.
 * About 2.8 kB per service.
 */
export class UptimeIndex {
  private readonly services = new Map<string, { minutes: Ring; hours: Ring }>();

  add(
    serviceId: string,
    ts: number,
    count: number,
    failures: number,
    levels: { minute: boolean; hour: boolean },
  ): void {
    let entry = this.services.get(serviceId);
    if (!entry)
      this.services.set(
        serviceId,
        (entry = { minutes: ring(MINUTE_SLOTS), hours: ring(HOUR_SLOTS) }),
      );
    if (levels.minute) bump(entry.minutes, Math.floor(ts / MINUTE), count, failures);
    if (levels.hour) bump(entry.hours, Math.floor(ts / HOUR), count, failures);
  }

  query(fromMs: number, toMs: number): Map<string, UptimeCounts> {
    const useMinutes = toMs - fromMs <= (MINUTE_SLOTS - 2) * MINUTE;
    const size = useMinutes ? MINUTE : HOUR;
    const first = Math.floor(fromMs / size);
    const last = Math.floor((toMs - 1) / size);
    const out = new Map<string, UptimeCounts>();
    for (const [serviceId, entry] of this.services) {
      const counts = sum(useMinutes ? entry.minutes : entry.hours, first, last);
      if (counts.count > 0) out.set(serviceId, counts);
    }
    return out;
  }
}
