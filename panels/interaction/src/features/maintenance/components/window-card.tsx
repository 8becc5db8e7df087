import { useState } from 'react';
import { Button, Dialog } from '@aether/ui';
import type { MaintenanceWindow } from '@aether/contract';
import { usePanelContext } from '@aether/panel-kit';
import { formatInstant } from '../../../lib/format';
import { useAction } from '../../../lib/use-action';
import { ProblemMessage } from '../../../components/problem-message';
import { endMaintenanceWindow } from '../api/maintenance-api';

/** "services orders, payments · tags prod": what a window covers, as its match says. */
export function describeMatch(match: MaintenanceWindow['match']): string {
  return (
    [
      match.services && `services ${match.services.join(', ')}`,
      match.groups && `groups ${match.groups.join(', ')}`,
      match.tags && `tags ${match.tags.join(', ')}`,
    ]
      .filter(Boolean)
      .join(' · ') || 'nothing'
  );
}

/** One window: what it covers, when, why, who opened it; End now after a confirmation. */
export function WindowCard({
  window,
  canEnd,
  onEnded,
}: {
  window: MaintenanceWindow;
  canEnd: boolean;
  onEnded: (w: MaintenanceWindow) => void;
}) {
  const { api } = usePanelContext();
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useAction();
  const headingId = `pi-window-${window.id}`;

  const end = () =>
    run(async () => {
      const ended = await endMaintenanceWindow(api, window.id);
      setConfirming(false);
      onEnded({ ...ended, state: 'ended' });
    });

  return (
    <article className="pi-approval" aria-labelledby={headingId}>
      <header className="pi-approval__header">
        <h3 id={headingId} className="pi-subtitle">
          {window.reason}
        </h3>
      </header>
      <p>{describeMatch(window.match)}</p>
      <p className="pi-muted pi-small">
        {formatInstant(window.startsAt)} – {formatInstant(window.endsAt)} · opened by{' '}
        {window.createdBy}
      </p>
      {canEnd && (
        <div className="pi-actions">
          <Button size="sm" variant="danger" onClick={() => setConfirming(true)}>
            End now
          </Button>
        </div>
      )}
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title={`End the window “${window.reason}” now?`}
        description={`Alerts held for ${describeMatch(window.match)} are sent if their services are still failing.`}
      >
        {error !== undefined && <ProblemMessage error={error} context="The window was not ended" />}
        <div className="pi-actions">
          <Button onClick={() => setConfirming(false)} data-autofocus>
            Cancel
          </Button>
          <Button variant="danger" disabled={busy} onClick={() => void end()}>
            {busy ? 'Ending…' : 'End window'}
          </Button>
        </div>
      </Dialog>
    </article>
  );
}
