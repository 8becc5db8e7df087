import { describe, expect, it } from 'vitest';
import type { Status } from '@aether/contract';
import { statusSegments } from './status-band';

const FROM = '2026-12-06T10:00:00.000Z';
const TO = '2026-12-06T11:00:00.000Z';
const STEP = 15 * 60_000;
const at = (minute: number) => new Date(Date.parse(FROM) + minute * 60_000).toISOString();
const points = (...statuses: Status[]) => statuses.map((status, i) => ({ t: at(i * 15), status }));
const shape = (p: { t: string; status: Status }[]) =>
  statusSegments(p, FROM, TO, STEP).map((s) => [s.status, s.start, s.width]);

describe('statusSegments', () => {
  it.each([
    ['all up is one segment', points('up', 'up', 'up', 'up'), [['up', 0, 1]]],
    [
      'a down step between ups',
      points('up', 'down', 'up', 'up'),
      [
        ['up', 0, 0.25],
        ['down', 0.25, 0.25],
        ['up', 0.5, 0.5],
      ],
    ],
    [
      'a gap stays unknown',
      points('up', 'unknown', 'degraded', 'degraded'),
      [
        ['up', 0, 0.25],
        ['unknown', 0.25, 0.25],
        ['degraded', 0.5, 0.5],
      ],
    ],
    ['no points is unknown', [], [['unknown', 0, 1]]],
    [
      'data starting late is unknown before',
      [{ t: at(30), status: 'up' as Status }],
      [
        ['unknown', 0, 0.5],
        ['up', 0.5, 0.25],
        ['unknown', 0.75, 0.25],
      ],
    ],
  ])('%s', (_, input, expected) => {
    expect(shape(input)).toEqual(expected);
  });

  it('gives each segment its times', () => {
    const [, down] = statusSegments(points('up', 'down', 'up', 'up'), FROM, TO, STEP);
    expect(down).toMatchObject({ from: at(15), to: at(30) });
  });
});
