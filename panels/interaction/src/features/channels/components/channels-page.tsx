import { Card } from '@aether/ui';
import { ColumnHeads, useIdentity } from '@aether/panel-kit';
import { hasRole } from '../../../lib/roles';
import { LoadingRows } from '../../../components/loading-rows';
import { ProblemMessage } from '../../../components/problem-message';
import { RoleGateNotice } from '../../../components/role-gate-notice';
import { useChannels } from '../hooks/use-channels';
import { SendTestButton } from './send-test-button';

/** Where alerts go, and a way for admins to check a channel end to end. */
export function ChannelsPage() {
  const user = useIdentity();
  const channels = useChannels();
  if (!user.role) return <RoleGateNotice required="viewer" />;
  const admin = hasRole(user, 'admin');

  return (
    <div className="pi-stack">
      {!admin && <RoleGateNotice required="admin" />}
      <Card title="Alerting channels">
        {channels.status === 'loading' && <LoadingRows label="Loading channels" />}
        {channels.status === 'error' && (
          <ProblemMessage
            error={channels.error}
            onRetry={channels.reload}
            context="Channels could not be loaded"
          />
        )}
        {channels.status === 'success' && channels.data.length === 0 && (
          <p className="pi-empty">No channels: alerting.channels in the config is empty.</p>
        )}
        {channels.status === 'success' && channels.data.length > 0 && (
          <div className="pi-table-scroll">
            <table className="pi-table" aria-label="Channels">
              <ColumnHeads names={['Channel', 'Type', 'Target', ...(admin ? ['Test'] : [])]} />
              <tbody>
                {channels.data.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{c.id}</th>
                    <td>{c.type}</td>
                    <td className="pi-code">{c.target}</td>
                    {admin && (
                      <td>
                        <SendTestButton channelId={c.id} />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
