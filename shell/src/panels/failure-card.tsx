import { Button, Card } from '@aether/ui';
import type { Panel } from '@aether/contract';
import { FAILURE_LABELS, type PanelFailure } from './panel-failure';

export interface FailureCardProps {
  panel: Panel;
  failure: PanelFailure;
  onRetry: () => void;
  /** When the next automatic attempt is due (epoch ms), if one is planned. */
  nextRetryAt?: number | null;
}

/** A calm account of what went wrong with one panel, and a way to try again. */
export function FailureCard({ panel, failure, onRetry, nextRetryAt }: FailureCardProps) {
  const titleId = `panel-failure-${panel.id}`;
  return (
    <Card
      tone={failure.kind === 'incompatible-context' ? 'warning' : 'danger'}
      role="group"
      aria-labelledby={titleId}
      className="panel-failure"
      title={<span id={titleId}>{panel.title} is unavailable</span>}
      actions={
        <Button variant="primary" size="sm" onClick={onRetry}>
          Retry
        </Button>
      }
    >
      <p className="panel-failure__kind" aria-live="polite">
        {FAILURE_LABELS[failure.kind]}
      </p>
      <p className="panel-failure__detail">{failure.message}</p>
      <dl className="panel-failure__facts">
        <dt>Panel</dt>
        <dd>{panel.id}</dd>
        <dt>Version</dt>
        <dd>{panel.version}</dd>
        <dt>Entry</dt>
        <dd>
          <code>{panel.entry}</code>
        </dd>
        <dt>Failure</dt>
        <dd>
          <code>{failure.kind}</code>
        </dd>
      </dl>
      <p className="panel-failure__note">
        {nextRetryAt
          ? 'The shell will try again by itself shortly. '
          : 'The shell will try again when the registry announces this panel. '}
        The rest of AETHER GRID keeps working.
      </p>
    </Card>
  );
}
