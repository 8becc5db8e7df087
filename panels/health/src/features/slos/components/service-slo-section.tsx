import type { Slo, SloBudgetSeries } from '@aether/contract';
import { errorKind, errorMessage } from '@aether/panel-kit';
import { formatRatio, formatSpan } from '../../../lib/format';
import { useSloBudget } from '../hooks/use-slos';
import {
  BURN_WINDOWS,
  budgetHealth,
  budgetLeftWords,
  budgetTime,
  exhaustionInMs,
  formatBurnRate,
} from '../slo-figures';
import { BudgetChart } from './budget-chart';
import { HealthBadge } from './health-badge';
import styles from '../slos.css?inline';
import { Stylesheet } from '../../../components/stylesheet';

/**
 * A service's SLO on its detail page: objective and window, SLI, budget left (share and time),
 * burn rates and the alerts they raise, and the budget's burn-down over the window, all from
 * GET /api/services/:id/slo (its `current` is the service's entry of /api/slos, so the page never
 * fetches the whole fleet's SLOs).
 */
export default function ServiceSloSection({ serviceId }: { serviceId: string }) {
  const budget = useSloBudget(serviceId);
  const series = budget.dataKey === `slo|${serviceId}` ? budget.data : undefined;
  const slo = series?.current;

  let body;
  if (budget.status === 'error' && errorKind(budget.error) === 'not-found') {
    body = (
      <p className="hp-muted">
        No SLO for this service. Give it one in <code>aether.config.yaml</code>, e.g.{' '}
        <code>slo: {'{ objective: 99.9, window: 30d }'}</code>.
      </p>
    );
  } else if (budget.status === 'error' && !series) {
    body = (
      <p role="alert">
        The SLO could not be loaded: {errorMessage(budget.error)}{' '}
        <button type="button" className="hp-link-button" onClick={budget.reload}>
          Retry
        </button>
      </p>
    );
  } else if (!series) {
    body = <div className="hp-skeleton__block" role="status" aria-label="Loading SLO" />;
  } else {
    body = (
      <>
        <SloFigures series={series} slo={series.current} />
        <BudgetChart series={series} />
      </>
    );
  }

  return (
    <section className="hp-card hp-slo" aria-labelledby="hp-slo-title">
      <Stylesheet name="slos" css={styles} />
      <header className="hp-slo__header">
        <h2 id="hp-slo-title">SLO</h2>
        {slo && <HealthBadge health={budgetHealth(slo)} />}
      </header>
      {body}
    </section>
  );
}

function SloFigures({ series, slo }: { series: SloBudgetSeries; slo: Slo }) {
  const remaining = slo.errorBudget.remainingRatio;
  const left = budgetLeftWords(remaining);
  const time = budgetTime(slo);
  const runsOut = exhaustionInMs(slo, slo.burnRates['1d']);

  return (
    <>
      <dl className="hp-slo__figures">
        <div>
          <dt>Objective</dt>
          <dd>
            {series.objective} % over {series.window}
          </dd>
        </div>
        <div>
          <dt>SLI</dt>
          <dd>
            {formatRatio(slo.sli)}
            {slo.total > 0 && (
              <span className="hp-muted">
                {' '}
                ({slo.good.toLocaleString('en')} of {slo.total.toLocaleString('en')} good)
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>Budget left</dt>
          <dd>
            {left.text}
            <span className="hp-muted">
              {' '}
              ({remaining > 0 ? '' : `exactly ${left.exact} left; `}
              {time.leftMs > 0 ? formatSpan(time.leftMs) : 'none'} of {formatSpan(time.allowedMs)}{' '}
              downtime)
            </span>
          </dd>
        </div>
        <div>
          <dt>Runs out</dt>
          <dd>
            {runsOut === null
              ? remaining <= 0
                ? 'Spent'
                : 'Not at the last day’s burn rate'
              : `In ${formatSpan(runsOut)} at the last day’s burn rate`}
          </dd>
        </div>
      </dl>
      <BurnRatesTable slo={slo} />
    </>
  );
}

function BurnRatesTable({ slo }: { slo: Slo }) {
  return (
    <>
      {/* seven windows are wider than a phone: the table scrolls, not the page (by keyboard too) */}
      <div className="hp-slo__scroll" role="region" aria-label="Burn rates" tabIndex={0}>
        <table className="hp-slo__burn">
          <caption className="ae-visually-hidden">
            Burn rates: how fast the budget is spent (1× spends it exactly over {slo.window})
          </caption>
          <thead>
            <tr>
              <th scope="row">Burn rate over</th>
              {BURN_WINDOWS.map((w) => (
                <th key={w} scope="col">
                  {w}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Rate</th>
              {BURN_WINDOWS.map((w) => {
                const rate = slo.burnRates[w];
                return (
                  <td key={w} data-hot={rate !== null && rate > 1 ? '' : undefined}>
                    {formatBurnRate(rate)}
                  </td>
                );
              })}
            </tr>
          </tbody>
        </table>
      </div>
      {slo.alerts.length > 0 && (
        <ul className="hp-slo__alerts" aria-label="Burn-rate alerts">
          {slo.alerts.map((a) => (
            <li key={a.windows} data-severity={a.severity}>
              <strong>{a.severity === 'page' ? 'Page' : 'Ticket'}</strong>: burning{' '}
              {formatBurnRate(a.burnRates.long)} and {formatBurnRate(a.burnRates.short)} over{' '}
              {a.windows} (threshold {a.factor}×)
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
