import { Card } from '@aether/ui';
import type { MaintenanceWindow } from '@aether/contract';
import { useIdentity } from '@aether/panel-kit';
import { hasRole } from '../../../lib/roles';
import { LoadingRows } from '../../../components/loading-rows';
import { ProblemMessage } from '../../../components/problem-message';
import { RoleGateNotice } from '../../../components/role-gate-notice';
import { upsertWindow, useMaintenanceWindows } from '../hooks/use-maintenance-windows';
import { OpenWindowForm } from './open-window-form';
import { WindowCard } from './window-card';

const byStart = (a: MaintenanceWindow, b: MaintenanceWindow) =>
  Date.parse(a.startsAt) - Date.parse(b.startsAt);

/**
 * Maintenance windows: what is held now, what is planned, open one, end one early. `openForm`
 * (the palette's "Open maintenance window…") puts focus in the form to open one.
 */
export function MaintenancePage({ openForm = false }: { openForm?: boolean }) {
  const user = useIdentity();
  const windows = useMaintenanceWindows();
  if (!user.role) return <RoleGateNotice required="viewer" />;

  const onChanged = (window: MaintenanceWindow) =>
    windows.update((list) => upsertWindow(list, window));
  const list = windows.data ?? [];
  const sections = [
    { title: 'Active', shown: list.filter((w) => w.state === 'active').sort(byStart) },
    { title: 'Scheduled', shown: list.filter((w) => w.state === 'scheduled').sort(byStart) },
  ];

  return (
    <div className="pi-stack">
      {hasRole(user, 'operator') ? (
        <Card title="Open a window">
          <OpenWindowForm onOpened={onChanged} focusFirst={openForm} />
        </Card>
      ) : (
        <RoleGateNotice required="operator" />
      )}
      {windows.status === 'loading' && windows.data === undefined && (
        <LoadingRows label="Loading maintenance windows" />
      )}
      {windows.status === 'error' && (
        <ProblemMessage
          error={windows.error}
          onRetry={windows.reload}
          context="Maintenance windows could not be loaded"
        />
      )}
      {windows.data !== undefined && list.length === 0 && (
        <p className="pi-empty">No maintenance window is active or scheduled.</p>
      )}
      {sections.map(({ title, shown }) =>
        shown.length === 0 ? null : (
          <Card key={title} title={title}>
            <ul className="pi-list pi-list--cards" aria-label={`${title} windows`}>
              {shown.map((w) => (
                <li key={w.id}>
                  <WindowCard window={w} canEnd={hasRole(user, 'operator')} onEnded={onChanged} />
                </li>
              ))}
            </ul>
          </Card>
        ),
      )}
    </div>
  );
}
