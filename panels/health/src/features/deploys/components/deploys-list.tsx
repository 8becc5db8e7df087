import { ColumnHeads, errorMessage, PanelLink } from '@aether/panel-kit';
import { routes } from '../../../app/routes';
import { LoadFailed, LoadingBlocks } from '../../../components/load-states';
import { RelativeTime } from '../../../components/relative-time';
import { useDeploys } from '../hooks/use-deploys';
import styles from '../deploys.css?inline';
import { Stylesheet } from '../../../components/stylesheet';

/** Recent deploys, newest first, each opening its before/after; live from `deploy` events. */
export function DeploysList() {
  const { data, status, error, reload } = useDeploys();
  return (
    <div className="hp-deploy">
      <Stylesheet name="deploys" css={styles} />
      <p>
        <PanelLink to={routes.list()}>← All services</PanelLink>
      </p>
      <h2 className="hp-detail__title">Deploys</h2>
      {!data ? (
        status === 'error' ? (
          <LoadFailed onRetry={reload}>
            Deploys could not be loaded: {errorMessage(error)}
          </LoadFailed>
        ) : (
          <LoadingBlocks label="Loading deploys" />
        )
      ) : data.length === 0 ? (
        <p className="hp-state">
          No deploy recorded yet. <code>aether deploy start --service ID --version V</code> (or{' '}
          <code>scripts/deploy.sh</code>) records one.
        </p>
      ) : (
        <div className="hp-deploy__scroll">
          <table className="hp-deploy__table">
            <caption className="ae-visually-hidden">Recent deploys, newest first</caption>
            <ColumnHeads names={['Version', 'Services', 'Started', 'Outcome', 'By']} />
            <tbody>
              {data.map((d) => (
                <tr key={d.id}>
                  <th scope="row">
                    <PanelLink to={routes.deploy(d.id)}>{d.version}</PanelLink>
                  </th>
                  <td>
                    {d.services.length <= 3
                      ? d.services.join(', ')
                      : `${d.services.length} services`}
                  </td>
                  <td>
                    <RelativeTime iso={d.startedAt} suffix=" ago" />
                  </td>
                  <td>{d.outcome ?? 'running'}</td>
                  <td>{d.by}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
