import type { RefObject } from 'react';
import { Button, Dialog } from '@aether/ui';
import type { ConfirmationRequired, Operation } from '@aether/contract';
import { formatInstant } from '../../../lib/format';
import { ParamsSection } from '../../../components/params-list';
import { RequestView } from '../../../components/request-view';

interface ConfirmDialogProps {
  operation: Operation;
  serviceName: string;
  params: Record<string, unknown>;
  confirmation: ConfirmationRequired;
  onConfirm: () => void;
  onCancel: () => void;
  /** The control focus goes back to when the dialog closes (Esc, Cancel or confirm). */
  returnFocus?: RefObject<HTMLElement | null>;
}

/** Names exactly what will change: service, operation, parameters and the request itself. */
export function ConfirmDialog({
  operation,
  serviceName,
  params,
  confirmation,
  onConfirm,
  onCancel,
  returnFocus,
}: ConfirmDialogProps) {
  return (
    <Dialog
      open
      onClose={onCancel}
      returnFocus={returnFocus}
      title={`Run “${operation.title}” on ${serviceName}?`}
      description={
        operation.approvals >= 2
          ? 'This changes state. After you confirm, another operator must approve it before it runs.'
          : 'This changes state on the service.'
      }
    >
      <div className="pi-dialog-body">
        <ParamsSection params={params} />
        <h3 className="pi-subtitle">Request</h3>
        <RequestView request={confirmation.preview} label="Request to be sent" />
        <p className="pi-muted pi-small">
          This confirmation expires at {formatInstant(confirmation.expiresAt)}.
        </p>
      </div>
      <div className="pi-actions">
        <Button onClick={onCancel} data-autofocus>
          Cancel
        </Button>
        <Button variant="danger" onClick={onConfirm}>
          {operation.approvals >= 2 ? 'Confirm and request approval' : `Run ${operation.title}`}
        </Button>
      </div>
    </Dialog>
  );
}
