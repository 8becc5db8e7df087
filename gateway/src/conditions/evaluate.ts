import type { ConditionResult, ProbeError, Status } from '@aether/contract';
import { readJsonPath } from './json-path.js';

/** What a check expects, whatever its type; each probe passes the parts that apply. */
export interface Expectations {
  status?: readonly number[];
  maxLatencyMs?: number;
  /** JSON path → expected value; "*" means the path exists. */
  json?: Readonly<Record<string, string | number | boolean | null>>;
  bodyContains?: string;
  /** Header name → literal value or "/regex/flags". */
  headers?: Readonly<Record<string, string>>;
  certificate?: { minDaysValid: number };
  /** DNS answer values, compared as a set. */
  values?: readonly string[];
  /** TLS: the peer's chain must verify against the trusted roots. */
  chainValid?: boolean;
}

/** What a probe saw. Missing fields mean the probe did not get that far. */
export interface Observation {
  latencyMs: number;
  httpStatus?: number;
  body?: string;
  /** Lower-case header names. */
  headers?: Readonly<Record<string, string>>;
  certificateDaysLeft?: number;
  chainValid?: boolean;
  chainError?: string;
  values?: readonly string[];
}

export interface Evaluation {
  conditions: ConditionResult[];
  /** Errors found while evaluating, such as a JSON condition on a body that is not JSON. */
  errors: ProbeError[];
}

/** Evaluates every expectation against what was observed; conditions are data, in a stable order. */
export function evaluateConditions(expect: Expectations, seen: Observation): Evaluation {
  const conditions: ConditionResult[] = [];
  const errors: ProbeError[] = [];
  const add = (
    condition: string,
    expected: string,
    actual: string,
    ok: boolean,
    severity: 'fail' | 'degrade' = 'fail',
  ) => conditions.push({ condition, expected, actual, ok, severity });

  if (expect.status && expect.status.length > 0) {
    const actual = seen.httpStatus === undefined ? 'no response' : String(seen.httpStatus);
    add(
      'status',
      expect.status.join(' | '),
      actual,
      seen.httpStatus !== undefined && expect.status.includes(seen.httpStatus),
    );
  }
  if (expect.maxLatencyMs !== undefined) {
    add(
      'maxLatency',
      `<= ${expect.maxLatencyMs}ms`,
      `${Math.round(seen.latencyMs)}ms`,
      seen.latencyMs <= expect.maxLatencyMs,
      'degrade',
    );
  }
  if (expect.json && Object.keys(expect.json).length > 0) {
    const parsed = parseJson(seen.body);
    if (!parsed.ok && seen.body !== undefined)
      errors.push({ kind: 'invalid-json', message: `the body is not JSON: ${parsed.reason}` });
    for (const [path, expected] of Object.entries(expect.json)) {
      const expectedText = expected === '*' ? 'exists' : JSON.stringify(expected);
      if (!parsed.ok) {
        add(
          `json ${path}`,
          expectedText,
          seen.body === undefined ? 'no body' : 'invalid JSON',
          false,
        );
        continue;
      }
      const found = readJsonPath(parsed.value, path);
      const actual = found.found ? (JSON.stringify(found.value) ?? 'undefined') : 'missing';
      add(
        `json ${path}`,
        expectedText,
        actual,
        found.found && (expected === '*' || isDeepEqual(found.value, expected)),
      );
    }
  }
  if (expect.bodyContains !== undefined) {
    const ok = seen.body?.includes(expect.bodyContains) ?? false;
    const actual =
      seen.body === undefined
        ? 'no body'
        : ok
          ? 'found'
          : `not found in ${Buffer.byteLength(seen.body)} bytes`;
    add('bodyContains', JSON.stringify(expect.bodyContains), actual, ok);
  }
  for (const [name, pattern] of Object.entries(expect.headers ?? {})) {
    const value = seen.headers?.[name.toLowerCase()];
    const regex = asRegex(pattern);
    const ok = value !== undefined && (regex ? regex.test(value) : value === pattern);
    add(`header ${name.toLowerCase()}`, pattern, value ?? 'missing', ok);
  }
  if (expect.chainValid) {
    const actual =
      seen.chainValid === undefined
        ? 'no certificate'
        : seen.chainValid
          ? 'valid'
          : `invalid: ${seen.chainError ?? 'unverified'}`;
    add('certificate.chainValid', 'valid', actual, seen.chainValid === true);
  }
  if (expect.certificate) {
    const days = seen.certificateDaysLeft;
    const actual = days === undefined ? 'no certificate' : `${Math.floor(days)} days`;
    const min = expect.certificate.minDaysValid;
    // An expired certificate is a failure; one about to expire only degrades.
    const severity = days !== undefined && days <= 0 ? 'fail' : 'degrade';
    add(
      'certificate.minDaysValid',
      `>= ${min} days`,
      actual,
      days !== undefined && days >= min,
      severity,
    );
  }
  if (expect.values) {
    const expected = [...new Set(expect.values)].sort();
    const actual = [...new Set(seen.values ?? [])].sort();
    const ok =
      expected.length === actual.length && expected.every((value, i) => value === actual[i]);
    add(
      'dns values',
      expected.join(', ') || 'no records',
      seen.values === undefined ? 'no answer' : actual.join(', ') || 'no records',
      ok,
    );
  }
  // a copy of exactly its length: the result keeps it (as a check's last result and in the event
  // ring) and a pushed array has room for 16 more (~130 bytes per kept result)
  return { conditions: conditions.slice(), errors };
}

/** Any error or failed `fail` condition is down; a failed `degrade` condition is degraded. */
export function statusOf(
  conditions: readonly ConditionResult[],
  errors: readonly ProbeError[],
): Status {
  if (errors.length > 0 || conditions.some((c) => !c.ok && c.severity === 'fail')) return 'down';
  if (conditions.some((c) => !c.ok)) return 'degraded';
  return 'up';
}

function parseJson(
  body: string | undefined,
): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (body === undefined) return { ok: false, reason: 'no body' };
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

function asRegex(pattern: string): RegExp | undefined {
  const m = /^\/(.*)\/([dgimsuy]*)$/s.exec(pattern);
  if (!m) return undefined;
  try {
    return new RegExp(m[1]!, m[2]);
  } catch {
    return undefined;
  }
}

function isDeepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
