import { Card, StatusBadge } from '@aether/ui';
import type { CheckDetail, CheckResult } from '@aether/contract';
import { formatInstant } from '../../../lib/format';
import type { useServiceHealth } from '../hooks/use-service-health';

/** What a failing result says went wrong: the failed condition with what it saw, or the error. */
export function failureOf(result: CheckResult | null): string | null {
  if (!result || result.success) return null;
  const failed = result.conditions.find((c) => !c.ok && c.severity === 'fail');
  if (failed) return `${failed.condition}: expected ${failed.expected}, got ${failed.actual}`;
  const error = result.errors[0];
  return error ? `${error.kind}: ${error.message}` : 'failed';
}

/**
 * The service's health beside its operation, live: its status and, for each check not up, what
 * fails — so whoever restarts it sees why, and sees it come back.
 */
export function ServiceHealth({ health }: { health: ReturnType<typeof useServiceHealth> }) {
  if (health.status === 'loading' || health.status === 'idle') return null;
  if (health.status === 'error' && !health.data)
    return (
      <p className="pi-muted pi-small" role="note">
        The service’s health could not be read.
      </p>
    );
  const service = health.data!;
  const notUp = service.checks.filter((c) => c.status !== 'up');
  return (
    <Card title="Health now" aria-label="Live health">
      <p>
        <StatusBadge status={service.status} />{' '}
        <span className="pi-muted pi-small">
          {service.since ? `since ${formatInstant(service.since)}` : 'not checked yet'} ·{' '}
          {service.checks.length - notUp.length} of {service.checks.length} checks up
        </span>
      </p>
      {notUp.length > 0 && (
        <ul className="pi-list" aria-label="Checks not up">
          {notUp.map((check) => (
            <CheckLine key={check.id} check={check} />
          ))}
        </ul>
      )}
    </Card>
  );
}

function CheckLine({ check }: { check: CheckDetail }) {
  const failure = failureOf(check.lastResult);
  return (
    <li>
      <StatusBadge status={check.status} size="sm" /> <strong>{check.id}</strong>{' '}
      <span className="pi-muted">({check.type})</span>
      {failure && <span className="pi-code pi-small"> {failure}</span>}
    </li>
  );
}
