import { Button } from '@aether/ui';
import { summarizeError } from '@aether/panel-kit';

/** A failure said calmly: what went wrong, the gateway's detail, and a way to try again. */
export function ProblemMessage({
  error,
  onRetry,
  context,
}: {
  error: unknown;
  onRetry?: () => void;
  context?: string;
}) {
  const { title, detail, status } = summarizeError(error);
  return (
    <div role="alert" className="pi-problem">
      <p className="pi-problem__title">
        {context ? `${context}: ` : ''}
        {title}
        {status ? <span className="pi-muted"> ({status})</span> : null}
      </p>
      {detail && <p className="pi-problem__detail">{detail}</p>}
      {onRetry && (
        <Button size="sm" onClick={onRetry}>
          Try again
        </Button>
      )}
    </div>
  );
}
