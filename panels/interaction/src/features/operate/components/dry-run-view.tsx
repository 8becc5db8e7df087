import { Card } from '@aether/ui';
import type { DryRunState } from '../hooks/use-dry-run';
import { CopyButton } from '../../../components/copy-button';
import { LoadingRows } from '../../../components/loading-rows';
import { ProblemMessage } from '../../../components/problem-message';
import { RequestView } from '../../../components/request-view';

export function DryRunView({ state }: { state: DryRunState }) {
  if (state.status === 'idle') return null;
  return (
    <Card title="Dry run" aria-label="Dry run">
      {state.status === 'loading' && <LoadingRows label="Preparing the dry run" rows={2} />}
      {state.status === 'error' && <ProblemMessage error={state.error} context="Dry run refused" />}
      {state.status === 'success' && (
        <>
          <p className="pi-muted pi-small">
            Nothing was sent. This is the exact request the gateway would send:
          </p>
          <RequestView request={state.result.request} label="Request that would be sent" />
          <div className="pi-curl">
            <code className="pi-code pi-curl__line" aria-label="curl command">
              {state.result.curl}
            </code>
            <CopyButton text={state.result.curl} label="Copy curl" />
          </div>
        </>
      )}
    </Card>
  );
}
