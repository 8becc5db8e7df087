import { useState } from 'react';
import { Button } from '@aether/ui';
import type { ChannelTestResult } from '@aether/contract';
import { usePanelContext } from '@aether/panel-kit';
import { formatInstant } from '../../../lib/format';
import { useAction } from '../../../lib/use-action';
import { ProblemMessage } from '../../../components/problem-message';
import { testChannel } from '../api/channels-api';

/** Sends a `test` message through one channel and says how its first attempt went. */
export function SendTestButton({ channelId }: { channelId: string }) {
  const { api } = usePanelContext();
  const [result, setResult] = useState<ChannelTestResult>();
  const { busy, error, run } = useAction();

  const send = () =>
    run(async () => {
      setResult(undefined);
      setResult(await testChannel(api, channelId));
    });

  const attempt = result?.attempt;
  return (
    <div className="pi-stack">
      <Button
        size="sm"
        disabled={busy}
        onClick={() => void send()}
        aria-label={`Send test to ${channelId}`}
      >
        {busy ? 'Sending…' : 'Send test'}
      </Button>
      <div aria-live="polite">
        {attempt && (
          <p
            className={
              attempt.outcome === 'delivered'
                ? 'pi-notice pi-notice--ok'
                : 'pi-notice pi-notice--danger'
            }
          >
            {attempt.outcome === 'delivered'
              ? 'Delivered'
              : attempt.outcome === 'retrying'
                ? 'Failed, retrying'
                : 'Failed'}
            {attempt.status !== undefined ? ` (${attempt.status})` : ''} at{' '}
            {formatInstant(attempt.at)}
            {attempt.error ? `: ${attempt.error}` : ''}
          </p>
        )}
      </div>
      {error !== undefined && <ProblemMessage error={error} context="The test was not sent" />}
    </div>
  );
}
