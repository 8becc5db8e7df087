import { describe, expect, it } from 'vitest';
import { parseExposition } from './prom-exposition.js';

const HISTOGRAM = `# HELP d_seconds Durations.
# TYPE d_seconds histogram
d_seconds_bucket{le="0.1",k="a"} 1
d_seconds_bucket{le="+Inf",k="a"} 2
d_seconds_sum{k="a"} 0.3
d_seconds_count{k="a"} 2
`;

describe('parseExposition', () => {
  it.each([
    [
      'counter with help and labels',
      '# HELP a_total A.\n# TYPE a_total counter\na_total{x="1",y="q\\"uo\\\\te\\n"} 3\n',
    ],
    ['special values and a timestamp', '# TYPE g gauge\ng NaN\nh +Inf 1700000000000\ni -1.5e-3\n'],
    ['a histogram that adds up', HISTOGRAM],
    ['plain comments', '# just a comment\nx 1\n'],
  ])('accepts %s', (_, text) => {
    expect(parseExposition(text).errors).toEqual([]);
  });

  it.each([
    ['an unterminated label value', 'a{x="1} 1\n', /unterminated/],
    ['a bad escape', 'a{x="\\t"} 1\n', /bad escape/],
    ['a bad value', 'a 1,5\n', /bad value/],
    ['a bad label name', 'a{1x="1"} 1\n', /bad label/],
    ['an unknown type', '# TYPE a countr\na 1\n', /unknown type/],
    ['TYPE after samples', 'a 1\n# TYPE a gauge\n', /after its samples/],
    ['a second TYPE', '# TYPE a gauge\n# TYPE a gauge\na 1\n', /second TYPE/],
    ['a duplicate series', 'a{x="1"} 1\na{x="1"} 2\n', /duplicate/],
    ['a family split in two', 'a 1\nb 1\na{x="1"} 2\n', /not together/],
    ['no final newline', 'a 1', /newline/],
    ['no +Inf bucket', '# TYPE d histogram\nd_bucket{le="1"} 1\nd_count 1\n', /\+Inf/],
    [
      'decreasing buckets',
      '# TYPE d histogram\nd_bucket{le="1"} 2\nd_bucket{le="+Inf"} 1\nd_count 1\n',
      /decrease/,
    ],
    [
      '+Inf not equal to _count',
      HISTOGRAM.replace('d_seconds_count{k="a"} 2', 'd_seconds_count{k="a"} 3'),
      /≠ _count/,
    ],
  ])('refuses %s', (_, text, error) => {
    expect(parseExposition(text).errors.join('\n')).toMatch(error);
  });
});
