import type { Deploy, DeployVerdict } from '@aether/contract';
import { formatDateTime } from '../../../lib/format';
import { RelativeTime } from '../../../components/relative-time';

export const VERDICT_LABEL: Record<DeployVerdict, string> = {
  worse: 'Worse than before',
  same: 'Same as before',
  better: 'Better than before',
};

/** Who deployed what, when, and how it ended. */
export function DeploySummary({ deploy }: { deploy: Deploy }) {
  return (
    <p className="hp-muted">
      {deploy.services.length <= 5
        ? deploy.services.join(', ')
        : `${deploy.services.length} services`}{' '}
      · by {deploy.by} · started{' '}
      <time dateTime={deploy.startedAt} title={formatDateTime(deploy.startedAt)}>
        {formatDateTime(deploy.startedAt)}
      </time>{' '}
      (<RelativeTime iso={deploy.startedAt} suffix=" ago" />) · {deploy.outcome ?? 'running'}
      {deploy.description && <> · {deploy.description}</>}
    </p>
  );
}
