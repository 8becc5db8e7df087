import { useId, useState, type FormEvent } from 'react';
import { Button, Dialog } from '@aether/ui';
import type { Alert } from '@aether/contract';
import { usePanelContext } from '@aether/panel-kit';
import { useAction } from '../../../lib/use-action';
import { ProblemMessage } from '../../../components/problem-message';
import { acknowledgeAlert } from '../api/alerts-api';

/** Acknowledge with an optional comment, in a dialog that gives focus back to this button. */
export function AcknowledgeButton({
  alert,
  onAcknowledged,
}: {
  alert: Alert;
  onAcknowledged: (a: Alert) => void;
}) {
  const { api } = usePanelContext();
  const [open, setOpen] = useState(false);
  const [comment, setComment] = useState('');
  const { busy, error, setError, run } = useAction();
  const commentId = useId();

  const close = () => {
    setOpen(false);
    setError(undefined);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      const acked = await acknowledgeAlert(api, alert.id, comment);
      setOpen(false);
      setComment('');
      onAcknowledged(acked);
    });
  };

  return (
    <div className="pi-actions">
      <Button size="sm" variant="primary" onClick={() => setOpen(true)}>
        Acknowledge
      </Button>
      <Dialog
        open={open}
        onClose={close}
        title={`Acknowledge the alert on ${alert.service.name}?`}
        description="Reminders and escalation stop; the alert stays open until the service recovers."
      >
        <form className="pi-dialog-body" onSubmit={submit}>
          <label className="pi-field" htmlFor={commentId}>
            <span className="pi-field__label">Comment</span>
          </label>
          <textarea
            id={commentId}
            className="pi-input"
            rows={3}
            maxLength={2000}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            data-autofocus
          />
          {error !== undefined && (
            <ProblemMessage error={error} context="The alert was not acknowledged" />
          )}
          <div className="pi-actions">
            <Button type="button" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" disabled={busy}>
              {busy ? 'Acknowledging…' : 'Acknowledge alert'}
            </Button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
