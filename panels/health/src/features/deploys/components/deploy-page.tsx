import { useEffect, useMemo, useRef } from 'react';
import { ColumnHeads, errorKind, errorMessage, PanelLink } from '@aether/panel-kit';
import { routes } from '../../../app/routes';
import { LoadFailed, LoadingBlocks } from '../../../components/load-states';
import { formatDateTime, formatSpan } from '../../../lib/format';
import { comparisonRows } from '../comparison-deltas';
import { useDeployComparison } from '../hooks/use-deploy-comparison';
import { DeployBakeBar } from './deploy-bake-bar';
import { DeploySummary, VERDICT_LABEL } from './deploy-summary';
import { ComparisonRowView } from './comparison-row';
import styles from '../deploys.css?inline';
import { Stylesheet } from '../../../components/stylesheet';

/**
 * One deploy, before vs after: a row per check of the deployed services with pass rate, p50/p95
 * and failing conditions for the 15 minutes before the start and since, worst first, each with the
 * gateway's verdict and its reasons, under the overall verdict.
 */
export function DeployPage({ deployId }: { deployId: string }) {
  const { data, dataKey, status, error, reload } = useDeployComparison(deployId);
  const comparison = dataKey === `comparison|${deployId}` ? data : undefined;
  const rows = useMemo(() => comparisonRows(comparison?.checks ?? []), [comparison]);
  const heading = useRef<HTMLHeadingElement>(null);
  const shown = comparison !== undefined;
  useEffect(() => {
    if (shown) heading.current?.focus();
  }, [deployId, shown]);

  const back = (
    <p>
      <PanelLink to={routes.deploys()}>← Deploys</PanelLink>
    </p>
  );
  const style = <Stylesheet name="deploys" css={styles} />;

  if (!comparison) {
    if (status === 'error') {
      const notFound = errorKind(error) === 'not-found';
      return (
        <div className="hp-deploy">
          {style}
          {back}
          <LoadFailed
            title={notFound ? `No deploy “${deployId}”` : 'The deploy could not be loaded'}
            headingId="hp-deploy-problem"
            onRetry={notFound ? undefined : reload}
          >
            {errorMessage(error)}
          </LoadFailed>
        </div>
      );
    }
    return (
      <div className="hp-deploy" aria-busy="true">
        {style}
        {back}
        <LoadingBlocks label="Loading deploy" title />
      </div>
    );
  }

  const { deploy, verdict } = comparison;
  const window = comparison.checks[0];
  const beforeSpan =
    window && formatSpan(Date.parse(window.before.to) - Date.parse(window.before.from));
  return (
    <div className="hp-deploy">
      {style}
      {back}
      <header className="hp-deploy__header">
        <div>
          <h2 ref={heading} tabIndex={-1} className="hp-detail__title">
            Deploy {deploy.version}
          </h2>
          <DeploySummary deploy={deploy} />
        </div>
        <p className={`hp-verdict hp-verdict--${verdict}`}>
          <span className="hp-muted">Verdict</span> <strong>{VERDICT_LABEL[verdict]}</strong>
        </p>
      </header>
      <DeployBakeBar comparison={comparison} />
      {rows.length === 0 ? (
        <p className="hp-state">The deployed services have no checks to compare.</p>
      ) : (
        <div className="hp-deploy__scroll">
          <table className="hp-deploy__table">
            <caption>
              Each check of the deployed services, before → after
              {window && (
                <span className="hp-muted">
                  {' '}
                  (before: {beforeSpan} to{' '}
                  <time dateTime={window.before.to}>{formatDateTime(window.before.to)}</time>;
                  after: since{' '}
                  <time dateTime={window.after.from}>{formatDateTime(window.after.from)}</time>)
                </span>
              )}
            </caption>
            <ColumnHeads names={['Check', 'Pass rate', 'p50', 'p95', 'Conditions', 'Verdict']} />
            <tbody>
              {rows.map((row) => (
                <ComparisonRowView key={row.key} row={row} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
