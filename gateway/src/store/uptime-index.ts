import type { UptimeCounts } from './types.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** Minute slots: enough for the 1 h column with room for the current partial minute. */
const MINUTE_SLOTS = 70;
/** Hour slots: the 7 d column plus the current partial hour. */
const HOUR_SLOTS = 24 * 7 + 2;

/** Services per block: rings are allocated a block at a time, never copied to grow. */
const BLOCK = 256;

type Counts = Uint8Array | Uint16Array | Uint32Array;

/**
 * One block's slots: counts for every service in it, failures only once one has failed. Both
 * start as 8-bit counts (a service's results in a minute, or in an hour at 30 s: 120) and a
 * block turns to 16 bits the first time one of its slots would pass 255 (an hour at 10 s: 360),
 * to 32 bits past 65,535.
 */
interface Block {
  counts: Counts;
  failures: Counts | undefined;
}

function widened(counts: Counts, i: number, add: number): Counts {
  const next = counts[i]! + add;
  if (next <= 0xff || counts instanceof Uint32Array) return counts;
  if (next > 0xffff) return Uint32Array.from(counts);
  return counts instanceof Uint8Array ? Uint16Array.from(counts) : counts;
}

/**
 * One resolution for every service, in flat typed arrays per block of BLOCK services (service i
 * owns slots [(i % BLOCK)*size, (i % BLOCK + 1)*size) of block i / BLOCK). Every service's ring
 * turns with the same clock, so one stamp per slot position says which minute (or hour) that
 * position holds for all of them: a slot's column is cleared for every service when its position
 * moves on to a new slot. Blocks are allocated as services come (the last one is partly unused,
 * nothing is reserved by doubling), and a block's failure counts only when one of its services
 * fails: a healthy fleet holds none.
 */
class Rings {
  readonly stamps: Int32Array;
  readonly blocks: Block[] = [];

  constructor(readonly size: number) {
    this.stamps = new Int32Array(size).fill(-1);
  }

  grow(services: number): void {
    while (this.blocks.length * BLOCK < services)
      this.blocks.push({ counts: new Uint8Array(BLOCK * this.size), failures: undefined });
  }

  bump(service: number, slotNo: number, count: number, failures: number): void {
    const position = slotNo % this.size;
    const stamp = this.stamps[position]!;
    // older than what this position holds now: that slot has left the ring
    if (slotNo < stamp) return;
    if (slotNo > stamp) this.clear(position, slotNo);
    const block = this.blocks[Math.floor(service / BLOCK)]!;
    const i = (service % BLOCK) * this.size + position;
    block.counts = widened(block.counts, i, count);
    block.counts[i]! += count;
    if (failures === 0) return;
    block.failures = widened(block.failures ?? new Uint8Array(BLOCK * this.size), i, failures);
    block.failures[i]! += failures;
  }

  private clear(position: number, slotNo: number): void {
    for (const { counts, failures } of this.blocks) {
      for (let i = position; i < counts.length; i += this.size) counts[i] = 0;
      if (failures) for (let i = position; i < failures.length; i += this.size) failures[i] = 0;
    }
    this.stamps[position] = slotNo;
  }
}

/**
 * Success counts per service in two rings of fixed size — per minute for the last ~70 minutes,
 * per hour for the last ~7 days — fed as results arrive, so the uptime columns of 10,000
 * services cost a few ms instead of a scan over millions of rows. Windows are resolved to
 * whole minutes (up to ~1 h) or whole hours (longer): the edges include the partial minute or
 * hour they fall in; windows longer than the hour ring are clipped to it. About 240 bytes per
 * service (480 in blocks where a service has failed, twice that where counts passed 8 bits, four
 * times where they passed 16), in flat typed arrays so a query is one linear pass over memory.
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
    const { stamps } = rings;
    // which positions hold the window is the same for every service: found once, not per service
    const inWindow: number[] = [];
    for (let position = 0; position < rings.size; position++) {
      const stamp = stamps[position]!;
      if (stamp >= first && stamp <= last) inWindow.push(position);
    }
    const positions = Int32Array.from(inWindow);
    const out = new Map<string, UptimeCounts>();
    if (positions.length === 0) return out;
    for (let service = 0; service < this.ids.length; service++) {
      const { counts, failures } = rings.blocks[Math.floor(service / BLOCK)]!;
      const base = (service % BLOCK) * rings.size;
      let count = 0;
      let failed = 0;
      for (let k = 0; k < positions.length; k++) count += counts[base + positions[k]!]!;
      if (count === 0) continue;
      if (failures)
        for (let k = 0; k < positions.length; k++) failed += failures[base + positions[k]!]!;
      out.set(this.ids[service]!, { count, failures: failed });
    }
    return out;
  }
}
