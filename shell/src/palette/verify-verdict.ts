import type { VerifyResponse } from '@aether/contract';

/**
 * A verify answer as one line for the palette: "Orders passes: 3 of 3 checks" or "Orders fails:
 * http status (expected 200, got 503)" — the first failing check and what it saw.
 */
export function verifyVerdict(name: string, response: VerifyResponse): string {
  const total = response.results.length;
  if (total === 0) return `${name}: no checks ran`;
  const passed = response.results.filter((r) => r.success).length;
  if (response.ok)
    return `${name} passes: ${passed} of ${total} ${total === 1 ? 'check' : 'checks'}`;
  const failing = response.results.find((r) => !r.success)!;
  const condition = failing.conditions.find((c) => !c.ok && c.severity === 'fail');
  const why = condition
    ? `${condition.condition} (expected ${condition.expected}, got ${condition.actual})`
    : failing.errors[0]
      ? `${failing.errors[0].kind}: ${failing.errors[0].message}`
      : 'failed';
  return `${name} fails: ${failing.checkId} ${why} · ${passed} of ${total} passed`;
}
