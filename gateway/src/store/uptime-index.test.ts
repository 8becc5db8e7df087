import { describe, expect, it } from 'vitest';
import { UptimeIndex } from './uptime-index.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const BOTH = { minute: true, hour: true };
const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);

describe('UptimeIndex', () => {
  it('counts results and failures per service within a window', () => {
    const index = new UptimeIndex();
    index.add('a', T0, 1, 0, BOTH);
    index.add('a', T0 + MINUTE, 1, 1, BOTH);
    index.add('b', T0 + 2 * MINUTE, 3, 2, BOTH);
    const hour = index.query(T0 - HOUR + 3 * MINUTE, T0 + 3 * MINUTE);
    expect(Object.fromEntries(hour)).toEqual({
      a: { count: 2, failures: 1 },
      b: { count: 3, failures: 2 },
    });
    expect(index.query(T0 + MINUTE, T0 + 2 * MINUTE).get('a')).toEqual({ count: 1, failures: 1 });
    expect(index.query(T0 + 10 * MINUTE, T0 + 20 * MINUTE).size).toBe(0);
  });

  it('clears a slot for every service when its position moves on, and ignores results that left the ring', () => {
    const index = new UptimeIndex();
    index.add('a', T0, 5, 1, { minute: true, hour: false });
    index.add('b', T0, 7, 0, { minute: true, hour: false });
    // 70 minutes later the same ring position holds a new minute: a's result there starts from 0,
    // and b's old count must not show up in b's (empty) new minute
    const later = T0 + 70 * MINUTE;
    index.add('a', later, 1, 0, { minute: true, hour: false });
    expect(Object.fromEntries(index.query(later, later + MINUTE))).toEqual({
      a: { count: 1, failures: 0 },
    });
    // a late result for the old minute would overwrite the new one if it were counted
    index.add('b', T0, 1, 1, { minute: true, hour: false });
    expect(Object.fromEntries(index.query(later, later + MINUTE))).toEqual({
      a: { count: 1, failures: 0 },
    });
  });

  it('answers windows over an hour from the hour ring', () => {
    const index = new UptimeIndex();
    for (let h = 0; h < 24; h++) index.add('a', T0 + h * HOUR, 10, h === 3 ? 10 : 0, BOTH);
    expect(index.query(T0, T0 + 24 * HOUR).get('a')).toEqual({ count: 240, failures: 10 });
    expect(index.query(T0 + 4 * HOUR, T0 + 24 * HOUR).get('a')).toEqual({
      count: 200,
      failures: 0,
    });
  });

  it('keeps counts when services are added after others (the rings grow)', () => {
    const index = new UptimeIndex();
    for (let i = 0; i < 300; i++) index.add(`s${i}`, T0 + (i % 5) * MINUTE, 1, i % 2, BOTH);
    const all = index.query(T0, T0 + 5 * MINUTE);
    expect(all.size).toBe(300);
    expect(all.get('s0')).toEqual({ count: 1, failures: 0 });
    expect(all.get('s299')).toEqual({ count: 1, failures: 1 });
  });

  it('keeps counts past 16 bits exact, for that service and the others of its block', () => {
    const index = new UptimeIndex();
    index.add('small', T0, 7, 1, BOTH);
    index.add('big', T0, 60_000, 50_000, BOTH);
    index.add('big', T0 + 1, 60_000, 50_000, BOTH);
    index.add('big', T0 + HOUR, 100_000, 0, BOTH);
    const day = index.query(T0, T0 + 2 * HOUR);
    expect(day.get('big')).toEqual({ count: 220_000, failures: 100_000 });
    expect(day.get('small')).toEqual({ count: 7, failures: 1 });
    expect(index.query(T0, T0 + MINUTE).get('big')).toEqual({ count: 120_000, failures: 100_000 });
  });

  it('keeps counts past 8 bits exact, and each block widens on its own', () => {
    const index = new UptimeIndex();
    // an hour at 10 s is 360 results: past 255 in the hour ring, not in the minute ring
    for (let m = 0; m < 60; m++) index.add('busy', T0 + m * MINUTE, 6, m < 50 ? 0 : 6, BOTH);
    index.add('calm', T0, 120, 3, BOTH);
    // a service of the next block (256 per block), still counting in 8 bits
    for (let i = 0; i < 300; i++) index.add(`s${i}`, T0 + i * 100, 1, i === 299 ? 1 : 0, BOTH);
    index.add('s299', T0 + 2 * MINUTE, 255, 255, BOTH);
    const day = index.query(T0, T0 + 24 * HOUR);
    expect(day.get('busy')).toEqual({ count: 360, failures: 60 });
    expect(day.get('calm')).toEqual({ count: 120, failures: 3 });
    expect(day.get('s299')).toEqual({ count: 256, failures: 256 });
    expect(day.get('s298')).toEqual({ count: 1, failures: 0 });
    expect(index.query(T0 + 59 * MINUTE, T0 + HOUR).get('busy')).toEqual({
      count: 6,
      failures: 6,
    });
  });

  it('counts failures of a service beside services that never failed', () => {
    const index = new UptimeIndex();
    for (let i = 0; i < 600; i++) index.add(`s${i}`, T0, 2, 0, BOTH);
    index.add('s555', T0 + MINUTE, 3, 2, BOTH);
    const hour = index.query(T0, T0 + HOUR);
    expect(hour.get('s0')).toEqual({ count: 2, failures: 0 });
    expect(hour.get('s555')).toEqual({ count: 5, failures: 2 });
    expect(hour.get('s599')).toEqual({ count: 2, failures: 0 });
    expect(index.query(T0, T0 + 24 * HOUR).get('s555')).toEqual({ count: 5, failures: 2 });
  });
});
