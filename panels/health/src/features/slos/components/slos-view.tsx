import { useMemo } from 'react';
import type { Slo } from '@aether/contract';
import { ColumnHeads, errorKind, errorMessage, PanelLink } from '@aether/panel-kit';
import { routes } from '../../../app/routes';
import { LoadFailed, LoadingBlocks } from '../../../components/load-states';
import { formatRatio } from '../../../lib/format';
import { useSlos } from '../hooks/use-slos';
import { budgetHealth, budgetLeftWords, byBudgetLeft, formatBurnRate } from '../slo-figures';
import { HealthBadge } from './health-badge';
import styles from '../slos.css?inline';
import { Stylesheet } from '../../../components/stylesheet';

export interface SlosViewProps {
  /** A service's name from the panel's fleet, when it knows the service. */
  nameOf?: (serviceId: string) => string | undefined;
}

/** The fleet's SLOs, least budget left first, each with its standing and a link to the service. */
export default function SlosView({ nameOf }: SlosViewProps) {
  const { data, status, error, reload } = useSlos();
  const sorted = useMemo(() => (data ? [...data].sort(byBudgetLeft) : undefined), [data]);

  let body;
  if (!sorted) {
    body =
      status === 'error' ? (
        <LoadFailed onRetry={reload}>
          {errorKind(error) === 'forbidden' || errorKind(error) === 'unauthorized'
            ? 'No permission: sign in from the shell with a token whose role is viewer or higher.'
            : `SLOs could not be loaded: ${errorMessage(error)}`}
        </LoadFailed>
      ) : (
        <LoadingBlocks label="Loading SLOs" />
      );
  } else if (sorted.length === 0) {
    body = (
      <p className="hp-state">
        No service has an SLO yet. Give one in <code>aether.config.yaml</code>, e.g.{' '}
        <code>slo: {'{ objective: 99.9, window: 30d }'}</code>.
      </p>
    );
  } else {
    body = (
      <div className="hp-slo__scroll">
        <table className="hp-slo__table">
          <caption className="ae-visually-hidden">SLOs, least error budget left first</caption>
          <ColumnHeads
            names={['Service', 'Standing', 'Budget left', 'SLI', 'Objective', 'Burn 1h', 'Burn 1d']}
          />
          <tbody>
            {sorted.map((slo) => (
              <SloRow key={slo.serviceId} slo={slo} name={nameOf?.(slo.serviceId)} />
            ))}
          </tbody>
        </table>
      </div>
    );
  }

  return (
    <div className="hp-slos">
      <Stylesheet name="slos" css={styles} />
      <h2 className="hp-slos__title">SLOs</h2>
      {status === 'error' && sorted && (
        <div className="hp-banner" role="status">
          <strong>Stale</strong> — SLOs could not be refreshed: {errorMessage(error)}
        </div>
      )}
      {body}
    </div>
  );
}

function SloRow({ slo, name }: { slo: Slo; name: string | undefined }) {
  const health = budgetHealth(slo);
  const left = Math.max(0, Math.min(1, slo.errorBudget.remainingRatio));
  return (
    <tr data-health={health}>
      <th scope="row">
        <PanelLink to={routes.service(slo.serviceId)}>{name ?? slo.serviceId}</PanelLink>
      </th>
      <td>
        <HealthBadge health={health} />
      </td>
      <td>
        <span className="hp-slo__budget">
          <span className="hp-slo__meter" aria-hidden="true">
            <span
              className={`hp-slo__meter-fill hp-slo__meter-fill--${health}`}
              style={{ width: `${left * 100}%` }}
            />
          </span>
          {health === 'no-data' ? '—' : <BudgetLeft ratio={slo.errorBudget.remainingRatio} />}
        </span>
      </td>
      <td>{formatRatio(slo.sli)}</td>
      <td>
        {slo.objective} % / {slo.window}
      </td>
      <td>{formatBurnRate(slo.burnRates['1h'])}</td>
      <td>{formatBurnRate(slo.burnRates['1d'])}</td>
    </tr>
  );
}

/** The budget left in words, the exact percentage on hover (an exhausted one reads "Exhausted · 222× used"). */
function BudgetLeft({ ratio }: { ratio: number }) {
  const { text, exact } = budgetLeftWords(ratio);
  return <span title={`Budget left: ${exact}`}>{text}</span>;
}
