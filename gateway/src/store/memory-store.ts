import { randomUUID } from 'node:crypto';
import type { Incident } from '@aether/contract';
import type { RawRow, Resolution } from './history-points.js';
import { ResultStoreBase } from './result-store-base.js';
import { mergeRollup, type RollupRow } from './rollup-builder.js';
import type { CheckState } from './types.js';

/** Same behaviour as SqliteResultStore, kept in maps: for tests and for `storage.sqlite: ""`-less demos. */
export class MemoryResultStore extends ResultStoreBase {
  /** Per check, ascending by ts. */
  private readonly raw = new Map<number, RawRow[]>();
  private readonly rollups = {
    minute: new Map<number, Map<number, RollupRow>>(),
    hour: new Map<number, Map<number, RollupRow>>(),
    day: new Map<number, Map<number, RollupRow>>(),
  };
  private readonly states = new Map<string, CheckState>();
  private readonly incidents = new Map<string, Incident>();

  protected createCheckKey(): number {
    return this.checkKeys.size + 1;
  }

  protected persist(
    raw: readonly RawRow[],
    minutes: readonly RollupRow[],
    hours: readonly RollupRow[],
    days: readonly RollupRow[],
  ): void {
    for (const row of raw) {
      const rows = this.raw.get(row.checkKey) ?? [];
      const at = insertionPoint(rows, row.ts);
      if (rows[at]?.ts === row.ts) continue; // same key as SQLite's INSERT OR IGNORE
      rows.splice(at, 0, row);
      this.raw.set(row.checkKey, rows);
    }
    for (const [level, rows] of [
      ['minute', minutes],
      ['hour', hours],
      ['day', days],
    ] as const) {
      for (const row of rows) {
        const byBucket = this.rollups[level].get(row.checkKey) ?? new Map<number, RollupRow>();
        const stored = byBucket.get(row.bucket);
        byBucket.set(row.bucket, stored ? mergeRollup(stored, row) : row);
        this.rollups[level].set(row.checkKey, byBucket);
      }
    }
  }

  protected *readRaw(checkKeys: readonly number[], fromMs: number, toMs: number): Iterable<RawRow> {
    for (const key of checkKeys)
      for (const row of this.raw.get(key) ?? []) if (row.ts >= fromMs && row.ts < toMs) yield row;
  }

  protected *readRollups(
    resolution: 'minute' | 'hour' | 'day',
    checkKeys: readonly number[],
    fromMs: number,
    toMs: number,
  ): Iterable<RollupRow> {
    for (const key of checkKeys) {
      const rows = [...(this.rollups[resolution].get(key)?.values() ?? [])].filter(
        (r) => r.bucket >= fromMs && r.bucket < toMs,
      );
      yield* rows.sort((a, b) => a.bucket - b.bucket);
    }
  }

  protected deleteOlderThan(cutoffs: Record<Resolution, number>): number {
    let deleted = 0;
    for (const [key, rows] of this.raw) {
      const kept = rows.filter((r) => r.ts >= cutoffs.raw);
      deleted += rows.length - kept.length;
      this.raw.set(key, kept);
    }
    for (const level of ['minute', 'hour', 'day'] as const) {
      for (const byBucket of this.rollups[level].values()) {
        for (const bucket of byBucket.keys()) {
          if (bucket < cutoffs[level]) {
            byBucket.delete(bucket);
            deleted++;
          }
        }
      }
    }
    return deleted;
  }

  saveCheckState(state: CheckState): void {
    this.states.set(`${state.serviceId}\u0000${state.checkId}`, structuredClone(state));
  }

  async loadCheckStates(): Promise<CheckState[]> {
    return [...this.states.values()].map((s) => structuredClone(s));
  }

  async openIncident(incident: Omit<Incident, 'id' | 'endedAt' | 'durationMs'>): Promise<Incident> {
    const stored: Incident = { ...incident, id: randomUUID(), endedAt: null, durationMs: null };
    this.incidents.set(stored.id, stored);
    return { ...stored };
  }

  async closeIncident(id: string, endedAt: string): Promise<Incident | undefined> {
    const incident = this.incidents.get(id);
    if (!incident) return undefined;
    if (incident.endedAt === null) {
      incident.endedAt = endedAt;
      incident.durationMs = Math.max(0, Date.parse(endedAt) - Date.parse(incident.startedAt));
    }
    return { ...incident };
  }

  async openIncidents(): Promise<Incident[]> {
    return [...this.incidents.values()]
      .filter((i) => i.endedAt === null)
      .sort(byStart)
      .map((i) => ({ ...i }));
  }

  async listIncidents(serviceId: string, limit: number): Promise<Incident[]> {
    return [...this.incidents.values()]
      .filter((i) => i.serviceId === serviceId)
      .sort((a, b) => byStart(b, a))
      .slice(0, limit)
      .map((i) => ({ ...i }));
  }
}

function byStart(a: Incident, b: Incident): number {
  return a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0;
}

/** First index whose ts is not below `ts` (rows ascending by ts). */
function insertionPoint(rows: readonly RawRow[], ts: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid]!.ts < ts) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
