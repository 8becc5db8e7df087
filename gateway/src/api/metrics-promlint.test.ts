import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { gatewayUnderTestForFile } from '../testing/gateway-under-test.js';

/**
 * `promtool check metrics` on /metrics, twice: the real promtool when it is on PATH (.ci/run
 * installs Debian's prometheus package for it, so in CI it is required), and the rules of
 * Prometheus' promlint (client_golang testutil/promlint, which promtool runs) applied to the
 * exposition text, so a machine without promtool still checks the names.
 */

interface Family {
  name: string;
  type: string;
  help: string | undefined;
  labels: Set<string>;
}

/** Metric families from the text format: # HELP / # TYPE lines and the label names of samples. */
function parseExposition(text: string): Family[] {
  const families = new Map<string, Family>();
  const family = (name: string) => {
    let found = families.get(name);
    if (!found)
      families.set(name, (found = { name, type: 'untyped', help: undefined, labels: new Set() }));
    return found;
  };
  const histogramOf = (sample: string) =>
    [...families.values()].find(
      (f) =>
        (f.type === 'histogram' || f.type === 'summary') &&
        ['_bucket', '_count', '_sum', ''].some((suffix) => `${f.name}${suffix}` === sample),
    );
  for (const line of text.split('\n')) {
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const f = family(meta[2]!);
      if (meta[1] === 'HELP') f.help = meta[3];
      else f.type = meta[3]!;
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? \S+/.exec(line);
    if (!sample) continue;
    const f = histogramOf(sample[1]!) ?? family(sample[1]!);
    for (const label of (sample[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g))
      f.labels.add(label[1]!);
  }
  return [...families.values()];
}

const UNIT_ABBREVIATIONS = [
  's',
  'ms',
  'us',
  'ns',
  'sec',
  'b',
  'kb',
  'mb',
  'gb',
  'tb',
  'pb',
  'm',
  'h',
  'd',
];
const NON_BASE_UNITS: Record<string, string> = {
  milliseconds: 'seconds',
  microseconds: 'seconds',
  nanoseconds: 'seconds',
  minutes: 'seconds',
  hours: 'seconds',
  days: 'seconds',
  kilobytes: 'bytes',
  megabytes: 'bytes',
  gigabytes: 'bytes',
  celsius: 'celsius',
  percent: 'ratio',
};
const TYPE_NAMES = ['counter', 'gauge', 'histogram', 'summary', 'untyped'];
const CAMEL = /[a-z][A-Z]/;

/** promlint's problems with one family, in its words. */
function lint(f: Family): string[] {
  const problems: string[] = [];
  const n = f.name.toLowerCase();
  const part = (word: string) => n.includes(`_${word}_`) || n.endsWith(`_${word}`);
  if (!f.help) problems.push('no help text');
  if (f.type === 'counter' && !n.endsWith('_total'))
    problems.push('counter metrics should have "_total" suffix');
  if (f.type !== 'counter' && n.endsWith('_total'))
    problems.push('non-counter metrics should not have "_total" suffix');
  if (f.type !== 'histogram' && n.endsWith('_bucket'))
    problems.push('non-histogram metrics should not have "_bucket" suffix');
  if (
    f.type !== 'histogram' &&
    f.type !== 'summary' &&
    (n.endsWith('_count') || n.endsWith('_sum'))
  )
    problems.push('non-histogram and non-summary metrics should not have "_count"/"_sum" suffix');
  if (f.type !== 'histogram' && f.labels.has('le'))
    problems.push('non-histogram metrics should not have "le" label');
  if (f.type !== 'summary' && f.labels.has('quantile'))
    problems.push('non-summary metrics should not have "quantile" label');
  for (const type of TYPE_NAMES)
    if (part(type)) problems.push(`metric name should not include type '${type}'`);
  if (f.name.includes(':')) problems.push("metric names should not contain ':'");
  if (CAMEL.test(f.name))
    problems.push("metric names should be written in 'snake_case' not 'camelCase'");
  for (const label of f.labels)
    if (CAMEL.test(label))
      problems.push("label names should be written in 'snake_case' not 'camelCase'");
  if (UNIT_ABBREVIATIONS.some(part))
    problems.push('metric names should not contain abbreviated units');
  for (const [unit, base] of Object.entries(NON_BASE_UNITS))
    if (part(unit)) problems.push(`use base unit "${base}" instead of "${unit}"`);
  return problems;
}

const problemsOf = (text: string) =>
  parseExposition(text).flatMap((f) => lint(f).map((p) => `${f.name}: ${p}`));

describe('the promlint rules', () => {
  it.each([
    ['a counter without _total', 'x_requests counter', /should have "_total"/],
    ['a gauge ending in _total', 'nodejs_active_handles_total gauge', /should not have "_total"/],
    ['a gauge ending in _count', 'x_items_count gauge', /"_count"\/"_sum"/],
    ['the type in the name', 'x_errors_counter_total counter', /include type 'counter'/],
    ['a colon', 'x:y gauge', /should not contain ':'/],
    ['camelCase', 'x_queueDepth gauge', /snake_case/],
    ['an abbreviated unit', 'x_latency_ms gauge', /abbreviated units/],
    ['a non-base unit', 'x_latency_milliseconds gauge', /base unit "seconds"/],
  ])('flag %s', (_, declaration, problem) => {
    const [name, type] = declaration.split(' ');
    const text = `# HELP ${name} something\n# TYPE ${name} ${type}\n${name} 1\n`;
    expect(problemsOf(text).join('\n')).toMatch(problem);
  });

  it('flags a family without help, and passes a clean histogram with its le label', () => {
    expect(problemsOf('# TYPE x_up gauge\nx_up 1\n')).toEqual(['x_up: no help text']);
    const histogram = [
      '# HELP x_duration_seconds d',
      '# TYPE x_duration_seconds histogram',
      'x_duration_seconds_bucket{le="1"} 1',
      'x_duration_seconds_sum 0.5',
      'x_duration_seconds_count 1',
    ].join('\n');
    expect(problemsOf(histogram)).toEqual([]);
  });
});

/** promtool's answer to an exposition, or undefined when it is not installed. */
function promtoolCheck(text: string): { status: number; output: string } | undefined {
  const run = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return undefined;
  if (run.error) throw run.error;
  return { status: run.status ?? -1, output: `${run.stdout}${run.stderr}`.trim() };
}

const promtoolThere = promtoolCheck('') !== undefined;
// CI installs promtool, so there a missing one is a failure, not a skip
const itWithPromtool =
  promtoolThere || process.env.CI === 'true'
    ? it
    : (name: string, body: () => Promise<void>) =>
        it.skip(
          `${name} (skipped: promtool not on PATH; .ci/run installs Debian's prometheus)`,
          body,
        );

describe('promtool itself', () => {
  itWithPromtool(
    'refuses a gauge ending in _total (so a clean answer means something)',
    async () => {
      const answer = promtoolCheck(
        '# HELP x_handles_total h\n# TYPE x_handles_total gauge\nx_handles_total 1\n',
      );
      // 3: promtool's exit code for lint problems (1 would be a parse error)
      expect(answer?.status).toBe(3);
      expect(answer?.output).toMatch(/non-counter metrics should not have "_total" suffix/);
    },
  );
});

const gw = gatewayUnderTestForFile();

describe('GET /metrics', () => {
  it('passes promlint, process metrics included', async () => {
    await gw().call('operator', 'POST', '/api/verify', { body: {} });
    const res = await gw().call('viewer', 'GET', '/metrics');
    expect(res.status).toBe(200);
    const text = await res.text();
    // the process metrics are there, so their names are checked too
    expect(text).toMatch(/^nodejs_active_resources[{ ]/m);
    expect(problemsOf(text)).toEqual([]);
  });

  itWithPromtool('passes `promtool check metrics`, process metrics included', async () => {
    await gw().call('operator', 'POST', '/api/verify', { body: {} });
    const res = await gw().call('viewer', 'GET', '/metrics');
    const text = await res.text();
    expect(text).toMatch(/^process_resident_memory_bytes /m);
    expect(text).toMatch(/^aether_probe_duration_seconds_bucket/m);
    expect(promtoolCheck(text)).toEqual({ status: 0, output: '' });
  });
});
