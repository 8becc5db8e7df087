import type { UptimeCounts } from './types.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** Minute slots: enough for the 1 h column with room for the current partial minute. */
const MINUTE_SLOTS = 70;
/** Hour slots: the 7 d column plus the current partial hour. */
const HOUR_SLOTS = 24 * 7 + 2;

/**
 * One resolution for every service, in flat typed arrays (service i owns slots [i*size, (i+1)*size)).
 * Every service's ring turns with the same clock, so one stamp per slot position says which
 * minute (or hour) that position holds for all of them: a slot's column is cleared for every
 * service when its position moves on to a new slot. Nothing else is written to memory that no
 * service uses, so capacity reserved by growth stays virtual (not resident).
 */
class Rings {
  readonly stamps: Int32Array;
  counts = new Uint32Array(0);
  failures = new Uint32Array(0);
  private services = 0;

  constructor(readonly size: number) {
    this.stamps = new Int32Array(size).fill(-1);
  }

  grow(services: number): void {
    this.services = services;
    const length = services * this.size;
    if (length <= this.counts.length) return;
    const capacity = Math.max(length, this.counts.length * 2);
    const counts = new Uint32Array(capacity);
    counts.set(this.counts);
    const failures = new Uint32Array(capacity);
    failures.set(this.failures);
    Object.assign(this, { counts, failures });
  }

  bump(service: number, slotNo: number, count: number, failures: number): void {
    const position = slotNo % this.size;
    const stamp = this.stamps[position]!;
    // older than what this position holds now: that slot has left the ring
    if (slotNo < stamp) return;
    if (slotNo > stamp) this.clear(position, slotNo);
    const i = service * this.size + position;
    this.counts[i]! += count;
    this.failures[i]! += failures;
  }

  private clear(position: number, slotNo: number): void {
    for (let i = position, end = this.services * this.size; i < end; i += this.size) {
      this.counts[i] = 0;
      this.failures[i] = 0;
    }
    this.stamps[position] = slotNo;
  }
}

/**
 * Success counts per service in two rings of fixed size — per minute for the last ~70 minutes,
 * per hour for the last ~7 days — fed as results arrive, so the uptime columns of 10,000
 * services cost a few ms instead of a scan over millions of rows. Windows are resolved to
 * whole minutes (up to ~1 h) or whole hours (longer): the edges include the partial minute or
 * hour they fall in; windows longer than the hour ring are clipped to it. About 1.9 kB per
 * service, in flat typed arrays so a query is one linear pass over memory.
 */
export class UptimeIndex {
  private readonly index = new Map<string, number>();
  private readonly ids: string[] = [];
  private readonly minutes = new Rings(MINUTE_SLOTS);
  private readonly hours = new Rings(HOUR_SLOTS);

  add(
    serviceId: string,
    ts: number,
    count: number,
    failures: number,
    levels: { minute: boolean; hour: boolean },
  ): void {
    let service = this.index.get(serviceId);
    if (service === undefined) {
      service = this.ids.length;
      this.index.set(serviceId, service);
      this.ids.push(serviceId);
      this.minutes.grow(this.ids.length);
      this.hours.grow(this.ids.length);
    }
    if (levels.minute) this.minutes.bump(service, Math.floor(ts / MINUTE), count, failures);
    if (levels.hour) this.hours.bump(service, Math.floor(ts / HOUR), count, failures);
  }

  query(fromMs: number, toMs: number): Map<string, UptimeCounts> {
    const useMinutes = toMs - fromMs <= (MINUTE_SLOTS - 2) * MINUTE;
    const rings = useMinutes ? this.minutes : this.hours;
    const size = useMinutes ? MINUTE : HOUR;
    const first = Math.floor(fromMs / size);
    const last = Math.floor((toMs - 1) / size);
    const { stamps, counts, failures } = rings;
    // which positions hold the window is the same for every service: found once, not per service
    const inWindow: number[] = [];
    for (let position = 0; position < rings.size; position++) {
      const stamp = stamps[position]!;
      if (stamp >= first && stamp <= last) inWindow.push(position);
    }
    const positions = Int32Array.from(inWindow);
    const out = new Map<string, UptimeCounts>();
    if (positions.length === 0) return out;
    for (let service = 0, base = 0; service < this.ids.length; service++, base += rings.size) {
      let count = 0;
      let failed = 0;
      for (let k = 0; k < positions.length; k++) {
        count += counts[base + positions[k]!]!;
        failed += failures[base + positions[k]!]!;
      }
      if (count > 0) out.set(this.ids[service]!, { count, failures: failed });
    }
    return out;
  }
}
