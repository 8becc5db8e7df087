import type { CheckResult, VerifyResponse } from '@aether/contract';
import { ConditionsTable } from '../../../components/conditions-table';
import { StatusBadge } from '../../../components/status-badge';
import { formatLatency } from '../../../lib/format';

/** Passing results listed by name only, and only this many: a fleet run can return thousands. */
const PASSED_SHOWN = 200;

function ResultHeading({ result }: { result: CheckResult }) {
  return (
    <>
      <StatusBadge status={result.status} /> <strong>{result.serviceId}</strong> / {result.checkId}{' '}
      <span className="hp-muted">
        · {result.target} · {formatLatency(result.durationMs)}
      </span>
    </>
  );
}

/** A verify run's answer: failing checks first with every condition, then the passing ones. */
export function VerifyResults({ response }: { response: VerifyResponse }) {
  const failed = response.results.filter((r) => !r.success || r.status !== 'up');
  const passed = response.results.filter((r) => r.success && r.status === 'up');
  const total = response.results.length;
  return (
    <div className="hp-verify__results">
      <p
        className={`hp-verify__verdict hp-verify__verdict--${response.ok ? 'ok' : 'fail'}`}
        role="status"
      >
        {total === 0
          ? 'No check matched.'
          : response.ok
            ? `✓ All ${total} checks passed${failed.length ? ` (${failed.length} degraded)` : ''}.`
            : `✗ ${response.results.filter((r) => !r.success).length} of ${total} checks failed.`}
      </p>
      {failed.map((result) => (
        <section key={`${result.serviceId}/${result.checkId}`} className="hp-verify__result">
          <h4>
            <ResultHeading result={result} />
          </h4>
          {result.errors.map((e, i) => (
            <p key={i} className="hp-errors">
              <strong>{e.kind}</strong>: {e.message}
            </p>
          ))}
          <ConditionsTable
            conditions={result.conditions}
            caption={`Conditions of ${result.serviceId} / ${result.checkId}`}
          />
        </section>
      ))}
      {passed.length > 0 && (
        <details className="hp-verify__passed">
          <summary>{passed.length} passed</summary>
          <ul>
            {passed.slice(0, PASSED_SHOWN).map((result) => (
              <li key={`${result.serviceId}/${result.checkId}`}>
                <ResultHeading result={result} />
                <ConditionsTable
                  conditions={result.conditions}
                  caption={`Conditions of ${result.serviceId} / ${result.checkId}`}
                />
              </li>
            ))}
          </ul>
          {passed.length > PASSED_SHOWN && (
            <p className="hp-muted">and {passed.length - PASSED_SHOWN} more.</p>
          )}
        </details>
      )}
    </div>
  );
}
