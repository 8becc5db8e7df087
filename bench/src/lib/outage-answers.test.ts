import { describe, expect, it } from 'vitest';
import { readyDuringOutage, type Answer } from './outage-answers.js';

const ready = (gateway: number, at: number, status: number): Answer => ({
  gateway,
  kind: 'ready',
  at,
  status,
});

describe('readyDuringOutage', () => {
  it('takes each gateway’s first 503 as its detection, and counts what is not 503 after it', () => {
    const r = readyDuringOutage(
      [
        ready(0, 900, 200), // before the outage: not counted
        ready(0, 1000, 200), // not noticed yet
        ready(0, 1500, 503),
        ready(1, 1200, 503),
        ready(1, 1700, 200), // ready without its database
        ready(1, 1800, 0), // no answer at all is not a 503 either
        ready(0, 2000, 503),
        ready(0, 5000, 200), // after the outage: not counted
        { gateway: 0, kind: 'services', at: 1600, status: 200 },
      ],
      3,
      1000,
      5000,
    );
    expect(r).toEqual({ answers: 6, notUnavailable: 2, detectedMs: [500, 200, Infinity] });
  });

  it('sorts by time whatever order the answers were recorded in', () => {
    const r = readyDuringOutage([ready(0, 30, 200), ready(0, 20, 503)], 1, 0, 100);
    expect(r).toEqual({ answers: 2, notUnavailable: 1, detectedMs: [20] });
  });
});
