import type { DeployComparison, OperationList } from '@aether/contract';
import {
  BAKE_MS,
  BAR_SHOWN_MS,
  bakeFigures,
  bakeOutcome,
  formatDelta,
  rollbackOf,
  timeLeft,
  useQuery,
  usePanelContext,
  type BakeOutcome,
} from '@aether/panel-kit';
import { useNow } from '../../../lib/use-now';
import { useAnyDown } from '../../../app/use-any-down';
import { operationKey, useDryRunPages } from '../../../lib/use-dry-run-pages';
import { DeclaredPageLink } from '../../../components/declared-page-link';

const OUTCOME_TEXT: Record<BakeOutcome, string> = {
  baking: 'Baking',
  'looks-good': 'Baked',
  failing: 'Failing',
};

const named = (services: readonly string[]) =>
  services.length <= 3 ? services.join(', ') : `${services.length} services`;

/**
 * The bake bar over a recent deploy (up to {@link BAR_SHOWN_MS} after its start): "Baking orders
 * · 4:12 left · 0 failures · p95 +3 ms", re-verifying the deployed services as the page's
 * before/after is read again (results of those services, the deploy's end), ending in "looks
 * good" or, at the first failure or a worse verdict, each service's allow-listed rollback linked
 * to the page that shows its dry run first. The same rules as the shell's Now view (panel-kit).
 */
export function DeployBakeBar({ comparison }: { comparison: DeployComparison }) {
  const { api } = usePanelContext();
  const now = useNow(1_000);
  const { deploy, verdict } = comparison;
  const age = now - Date.parse(deploy.startedAt);
  const shown = age >= 0 && age < BAR_SHOWN_MS;
  const figures = bakeFigures(comparison);
  // finished failed, or finished while a deployed service is down: failing before any result after
  const servicesFailing = useAnyDown(deploy.services);
  const outcome = bakeOutcome(deploy.startedAt, now, figures, verdict, {
    deployOutcome: deploy.outcome,
    servicesFailing,
  });
  const failing = shown && outcome === 'failing';
  const operations = useQuery<OperationList>(failing ? 'operations|all' : null, (signal) =>
    api.get<OperationList>('/api/operations', { signal }),
  );
  const rollbacks =
    failing && operations.status === 'success'
      ? deploy.services.flatMap((id) => {
          const op = rollbackOf(operations.data, id);
          return op ? [op] : [];
        })
      : [];
  const pages = useDryRunPages(rollbacks);
  if (!shown) return null;

  return (
    <section className={`hp-bake hp-bake--${outcome}`} aria-label={`Bake of ${deploy.version}`}>
      <p className="hp-bake__line" role="status">
        <strong>
          {OUTCOME_TEXT[outcome]} {named(deploy.services)}
        </strong>
        {outcome === 'baking' && <> · {timeLeft(deploy.startedAt, now)} left</>}
        {' · '}
        {figures.failures} {figures.failures === 1 ? 'failure' : 'failures'}
        {figures.p95DeltaMs !== null && <> · p95 {formatDelta(figures.p95DeltaMs)}</>}
        {outcome === 'looks-good' && <> · looks good</>}
      </p>
      <div className="hp-bake__track" aria-hidden="true">
        <div
          className="hp-bake__fill"
          style={{ width: `${Math.min(100, (age / BAKE_MS) * 100)}%` }}
        />
      </div>
      {failing &&
        (operations.status === 'error' ? (
          <p className="hp-muted">The rollback operations could not be read.</p>
        ) : operations.status !== 'success' ? (
          <p className="hp-muted">Looking for a rollback operation…</p>
        ) : rollbacks.length === 0 ? (
          <p className="hp-muted">
            No rollback operation is allow-listed for {named(deploy.services)}.
          </p>
        ) : (
          <ul className="hp-bake__rollbacks" aria-label="Roll back">
            {rollbacks.map((op) => {
              const page = pages.get(operationKey(op));
              const label = `${op.title} on ${op.serviceId}`;
              return (
                <li key={`${op.serviceId}/${op.id}`}>
                  {page ? (
                    <DeclaredPageLink page={page}>{label} (dry run first)</DeclaredPageLink>
                  ) : (
                    label
                  )}
                </li>
              );
            })}
          </ul>
        ))}
    </section>
  );
}
