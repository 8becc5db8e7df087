import type { HistoryDeploy } from '@aether/contract';
import { PanelLink } from '@aether/panel-kit';
import { routes } from '../../../app/routes';
import { formatDateTime } from '../../../lib/format';
import styles from './deploy-markers.css?inline';
import { Stylesheet } from '../../../components/stylesheet';

/**
 * A vertical marker per deploy in the chart's range, over the plot area the chart reports (CSS
 * variables --hp-plot-*). Each is a link to the deploy's before/after; hovering or focusing it
 * shows its version and outcome.
 */
export function DeployMarkers({
  deploys,
  from,
  to,
}: {
  deploys: readonly HistoryDeploy[];
  from: string;
  to: string;
}) {
  const start = Date.parse(from);
  const span = Date.parse(to) - start;
  const shown = deploys.filter((d) => {
    const at = Date.parse(d.at) - start;
    return span > 0 && at >= 0 && at <= span;
  });
  if (shown.length === 0) return null;
  return (
    <>
      <Stylesheet name="deploy-markers" css={styles} />
      <ul className="hp-deploy-markers" aria-label="Deploys in this range">
        {shown.map((d) => {
          const tip = `hp-deploy-tip-${d.id}`;
          const path = routes.deploy(d.id);
          return (
            <li
              key={d.id}
              className={`hp-deploy-marker hp-deploy-marker--${d.outcome ?? 'running'}`}
              style={{ ['--hp-at' as string]: (Date.parse(d.at) - start) / span }}
            >
              <PanelLink to={path} aria-describedby={tip}>
                <span className="ae-visually-hidden">Deploy {d.version}</span>
              </PanelLink>
              <span role="tooltip" id={tip} className="hp-deploy-marker__tip">
                {d.version} · {d.outcome ?? 'running'} · {formatDateTime(d.at)}
              </span>
            </li>
          );
        })}
      </ul>
    </>
  );
}
