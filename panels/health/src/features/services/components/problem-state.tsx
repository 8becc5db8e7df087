import { errorKind, errorMessage } from '@aether/panel-kit';

/** Why the fleet could not be shown at all: no permission, gateway unreachable, or another failure. */
export function ProblemState({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const kind = errorKind(error);
  if (kind === 'unauthorized' || kind === 'forbidden') {
    return (
      <section className="hp-state" aria-labelledby="hp-problem-title">
        <h2 id="hp-problem-title">No permission</h2>
        <p>
          {kind === 'unauthorized'
            ? 'The gateway needs you to sign in before it shows services.'
            : 'Your role may not view services.'}{' '}
          Sign in from the shell with a token whose role is viewer or higher.
        </p>
      </section>
    );
  }
  const unreachable = kind === 'unreachable';
  return (
    <section className="hp-state" aria-labelledby="hp-problem-title">
      <h2 id="hp-problem-title">
        {unreachable ? 'Gateway unreachable' : 'Services could not be loaded'}
      </h2>
      <p>
        {unreachable
          ? 'The gateway does not answer. Live data resumes on its own once the connection is back.'
          : errorMessage(error)}
      </p>
      <button type="button" className="hp-button" onClick={onRetry}>
        Retry
      </button>
    </section>
  );
}
