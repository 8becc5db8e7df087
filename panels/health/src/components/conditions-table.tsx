import type { ConditionResult } from '@aether/contract';
import { ColumnHeads } from '@aether/panel-kit';

/** Failing conditions first (fails before mere degradations), then the ones that held, each in their original order. */
export function orderConditions(conditions: readonly ConditionResult[]): ConditionResult[] {
  const rank = (c: ConditionResult) => (c.ok ? 2 : c.severity === 'fail' ? 0 : 1);
  return conditions
    .map((c, i) => [c, i] as const)
    .sort(([a, i], [b, j]) => rank(a) - rank(b) || i - j)
    .map(([c]) => c);
}

function Verdict({ condition }: { condition: ConditionResult }) {
  if (condition.ok) return <span className="hp-verdict hp-verdict--ok">✓ Passed</span>;
  return condition.severity === 'fail' ? (
    <span className="hp-verdict hp-verdict--fail">✗ Failed</span>
  ) : (
    <span className="hp-verdict hp-verdict--degrade">! Over budget</span>
  );
}

/** Expected against actual for each condition of one result, failing ones first and marked. */
export function ConditionsTable({
  conditions,
  caption,
}: {
  conditions: readonly ConditionResult[];
  caption: string;
}) {
  if (!conditions.length) return <p className="hp-muted">No conditions recorded.</p>;
  return (
    <table className="hp-conditions">
      <caption className="ae-visually-hidden">{caption}</caption>
      <ColumnHeads names={['Result', 'Condition', 'Expected', 'Actual']} />
      <tbody>
        {orderConditions(conditions).map((c) => (
          <tr
            key={c.condition}
            data-ok={c.ok}
            className={c.ok ? undefined : `hp-conditions__row--${c.severity}`}
          >
            <td>
              <Verdict condition={c} />
            </td>
            <th scope="row">{c.condition}</th>
            <td>
              <code>{c.expected}</code>
            </td>
            <td>
              <code>{c.actual}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
