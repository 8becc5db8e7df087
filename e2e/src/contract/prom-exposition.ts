/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), so /metrics is checked
 * even where promtool is not installed: line syntax, escaping, TYPE/HELP placement, families kept
 * together, no duplicate series, and histograms that add up.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  /** family name → type */
  types: Map<string, string>;
  samples: Sample[];
  errors: string[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES: Record<string, string[]> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['_sum', '_count', ''],
};

export function parseExposition(text: string): Exposition {
  const types = new Map<string, string>();
  const helps = new Set<string>();
  const samples: Sample[] = [];
  const errors: string[] = [];
  const seenSeries = new Set<string>();
  const finishedFamilies = new Set<string>();
  let currentFamily: string | undefined;

  if (text.length > 0 && !text.endsWith('\n'))
    errors.push('the last line does not end with a newline');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();

  lines.forEach((line, index) => {
    const at = `line ${index + 1}`;
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const meta = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
      if (!meta) return; // a plain comment
      const [, kind, name = '', rest = ''] = meta;
      if (!METRIC_NAME.test(name)) errors.push(`${at}: bad metric name ${name}`);
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) errors.push(`${at}: unknown type "${rest}" for ${name}`);
        if (types.has(name)) errors.push(`${at}: second TYPE for ${name}`);
        if (samples.some((s) => familyOf(s.name, types) === name))
          errors.push(`${at}: TYPE for ${name} after its samples`);
        types.set(name, rest);
      } else {
        if (helps.has(name)) errors.push(`${at}: second HELP for ${name}`);
        if (/\\[^\\n]/.test(rest.replace(/\\\\/g, '')))
          errors.push(`${at}: bad escape in HELP of ${name}`);
        helps.add(name);
      }
      return;
    }
    const sample = parseSample(line);
    if (typeof sample === 'string') {
      errors.push(`${at}: ${sample}`);
      return;
    }
    const family = familyOf(sample.name, types);
    if (family !== currentFamily) {
      if (currentFamily) finishedFamilies.add(currentFamily);
      if (finishedFamilies.has(family)) errors.push(`${at}: samples of ${family} are not together`);
      currentFamily = family;
    }
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (seenSeries.has(key))
      errors.push(`${at}: duplicate series ${sample.name} ${JSON.stringify(sample.labels)}`);
    seenSeries.add(key);
    samples.push(sample);
  });

  errors.push(...histogramErrors(types, samples));
  return { types, samples, errors };
}

/** The family a sample belongs to: a histogram's _bucket/_sum/_count (or a summary's) map to its TYPE name. */
function familyOf(name: string, types: Map<string, string>): string {
  for (const [family, type] of types) {
    for (const suffix of SUFFIXES[type] ?? ['']) if (name === `${family}${suffix}`) return family;
  }
  return name;
}

function parseSample(line: string): Sample | string {
  const head = /^([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(line);
  if (!head) return `bad metric name in "${line}"`;
  const name = head[1]!;
  let rest = line.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    rest = rest.slice(1);
    while (!rest.startsWith('}')) {
      const label = /^([^=]*)="/.exec(rest);
      if (!label || !LABEL_NAME.test(label[1]!)) return `bad label in "${line}"`;
      rest = rest.slice(label[0].length);
      let value = '';
      for (;;) {
        const c = rest[0];
        if (c === undefined) return `unterminated label value in "${line}"`;
        if (c === '"') break;
        if (c === '\\') {
          const next = rest[1];
          if (next === 'n') value += '\n';
          else if (next === '\\' || next === '"') value += next;
          else return `bad escape \\${next ?? ''} in "${line}"`;
          rest = rest.slice(2);
        } else {
          value += c;
          rest = rest.slice(1);
        }
      }
      rest = rest.slice(1);
      if (label[1]! in labels) return `label ${label[1]} twice in "${line}"`;
      labels[label[1]!] = value;
      if (rest.startsWith(',')) rest = rest.slice(1);
      else if (!rest.startsWith('}')) return `expected , or } in "${line}"`;
    }
    rest = rest.slice(1);
  }
  const tail = /^ (\S+)(?: (-?\d+))?$/.exec(rest);
  if (!tail) return `expected " value [timestamp]" in "${line}"`;
  const value = parseValue(tail[1]!);
  if (value === undefined) return `bad value ${tail[1]} in "${line}"`;
  return { name, labels, value };
}

function parseValue(text: string): number | undefined {
  if (text === 'NaN') return NaN;
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : undefined;
}

/** Buckets carry le, never decrease, end at +Inf, and +Inf equals _count — per label set. */
function histogramErrors(types: Map<string, string>, samples: Sample[]): string[] {
  const errors: string[] = [];
  for (const [family, type] of types) {
    if (type !== 'histogram') continue;
    const series = new Map<string, { buckets: [number, number][]; count?: number }>();
    const seriesOf = (labels: Record<string, string>) => {
      const { le: _le, ...rest } = labels;
      const key = JSON.stringify(Object.entries(rest).sort());
      let entry = series.get(key);
      if (!entry) series.set(key, (entry = { buckets: [] }));
      return entry;
    };
    for (const s of samples) {
      if (s.name === `${family}_bucket`) {
        const le = s.labels.le === undefined ? undefined : parseValue(s.labels.le);
        if (le === undefined) errors.push(`${family}_bucket without a valid le label`);
        else seriesOf(s.labels).buckets.push([le, s.value]);
      } else if (s.name === `${family}_count`) {
        seriesOf(s.labels).count = s.value;
      }
    }
    for (const [key, { buckets, count }] of series) {
      const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
      if (sorted.at(-1)?.[0] !== Infinity) errors.push(`${family}${key}: no +Inf bucket`);
      if (sorted.some(([, v], i) => i > 0 && v < sorted[i - 1]![1]))
        errors.push(`${family}${key}: buckets decrease`);
      if (count === undefined) errors.push(`${family}${key}: no _count`);
      else if (sorted.at(-1)?.[1] !== count)
        errors.push(`${family}${key}: +Inf bucket ${sorted.at(-1)?.[1]} ≠ _count ${count}`);
    }
  }
  return errors;
}
