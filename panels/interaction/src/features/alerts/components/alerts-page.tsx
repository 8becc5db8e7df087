import { Card } from '@aether/ui';
import type { Alert } from '@aether/contract';
import { useIdentity } from '@aether/panel-kit';
import { LoadingRows } from '../../../components/loading-rows';
import { ProblemMessage } from '../../../components/problem-message';
import { RoleGateNotice } from '../../../components/role-gate-notice';
import { useAlerts } from '../hooks/use-alerts';
import { AlertCard } from './alert-card';

/** How many resolved alerts the page shows: the recent ones, not the whole retention. */
const RECENT_RESOLVED = 20;

const SECTIONS: Array<{ title: string; states: Alert['state'][] }> = [
  { title: 'Firing', states: ['firing'] },
  { title: 'Acknowledged', states: ['acknowledged'] },
  { title: 'Held in maintenance', states: ['held'] },
  { title: 'Suppressed (a dependency is the root cause)', states: ['suppressed'] },
];

const bySinceDesc = (a: Alert, b: Alert) => Date.parse(b.since) - Date.parse(a.since);

/** What pages people now: open alerts by state, their deliveries, acknowledge; recent resolved ones. */
export function AlertsPage() {
  const user = useIdentity();
  const alerts = useAlerts();
  if (!user.role) return <RoleGateNotice required="viewer" />;

  const onAcknowledged = (acked: Alert) =>
    alerts.update((list) => list.map((a) => (a.id === acked.id ? acked : a)));
  const list = alerts.data ?? [];
  const open = list.filter((a) => a.state !== 'resolved');
  const resolved = list
    .filter((a) => a.state === 'resolved')
    .sort((a, b) => Date.parse(b.resolvedAt ?? b.since) - Date.parse(a.resolvedAt ?? a.since))
    .slice(0, RECENT_RESOLVED);

  return (
    <div className="pi-stack">
      {alerts.status === 'loading' && alerts.data === undefined && (
        <LoadingRows label="Loading alerts" />
      )}
      {alerts.status === 'error' && (
        <ProblemMessage
          error={alerts.error}
          onRetry={alerts.reload}
          context="Alerts could not be loaded"
        />
      )}
      {alerts.data !== undefined && open.length === 0 && (
        <Card title="Open alerts">
          <p className="pi-empty">No alerts firing.</p>
        </Card>
      )}
      {SECTIONS.map(({ title, states }) => {
        const shown = open.filter((a) => states.includes(a.state)).sort(bySinceDesc);
        return shown.length === 0 ? null : (
          <Card key={title} title={title}>
            <ul className="pi-list pi-list--cards" aria-label={`${title} alerts`}>
              {shown.map((a) => (
                <li key={a.id}>
                  <AlertCard alert={a} user={user} onAcknowledged={onAcknowledged} />
                </li>
              ))}
            </ul>
          </Card>
        );
      })}
      {resolved.length > 0 && (
        <Card title="Recently resolved">
          <ul className="pi-list pi-list--cards" aria-label="Recently resolved alerts">
            {resolved.map((a) => (
              <li key={a.id}>
                <AlertCard alert={a} user={user} onAcknowledged={onAcknowledged} />
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
