import type { CheckResult } from '@aether/contract';

export interface TableStyle {
  color: boolean;
}

const paint = (on: boolean, code: number, text: string) =>
  on ? `\u001b[${code}m${text}\u001b[0m` : text;

/** Why a result failed (or degraded): each unmet condition with expected and actual, then each error. */
export function failingReasons(result: CheckResult): string[] {
  const conditions = result.conditions
    .filter((c) => !c.ok)
    .map(
      (c) =>
        `${c.condition}: expected ${c.expected}, got ${c.actual}${c.severity === 'degrade' ? ' (degraded)' : ''}`,
    );
  const errors = result.errors.map((e) => `${e.kind}: ${e.message}`);
  return [...conditions, ...errors];
}

/** A plain text table of verify results, one row per check plus one row per further failing reason. */
export function formatVerifyTable(results: readonly CheckResult[], style: TableStyle): string {
  const header = ['SERVICE', 'CHECK', 'RESULT', 'MS', 'FAILING'];
  const rows = results.map((r) => {
    const reasons = failingReasons(r);
    const verdict = !r.success ? 'FAIL' : r.status === 'degraded' ? 'DEGRADED' : 'PASS';
    return {
      cells: [r.serviceId, r.checkId, verdict, String(Math.round(r.durationMs)), reasons[0] ?? ''],
      more: reasons.slice(1),
      verdict,
    };
  });
  const widths = header
    .slice(0, 4)
    .map((h, i) => Math.max(h.length, ...rows.map((row) => row.cells[i]!.length)));
  const line = (cells: string[], verdict?: string) =>
    cells
      .map((cell, i) => {
        const padded = i < 4 ? cell.padEnd(widths[i]!) : cell;
        if (i !== 2 || !verdict) return padded;
        return paint(
          style.color,
          verdict === 'FAIL' ? 31 : verdict === 'DEGRADED' ? 33 : 32,
          padded,
        );
      })
      .join('  ')
      .trimEnd();
  const out = [line(header)];
  for (const row of rows) {
    out.push(line(row.cells, row.verdict));
    for (const reason of row.more) out.push(line(['', '', '', '', reason]));
  }
  return `${out.join('\n')}\n`;
}
