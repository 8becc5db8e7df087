import type { Alert } from '@aether/contract';
import { ColumnHeads } from '@aether/panel-kit';
import { formatInstant } from '../../../lib/format';

/** Every message that carried the alert and every attempt to deliver it, failures in words. */
export function DeliveryTable({ alert }: { alert: Alert }) {
  const rows = alert.messages.flatMap((message) =>
    message.attempts.map((attempt, i) => ({ message, attempt, key: `${message.id}-${i}` })),
  );
  if (alert.messages.length === 0)
    return (
      <p className="pi-muted pi-small">
        {alert.state === 'held' ? 'Not sent: held by a maintenance window.' : 'No messages sent.'}
      </p>
    );
  return (
    <div className="pi-table-scroll">
      <table
        className="pi-table pi-table--compact"
        aria-label={`Deliveries of ${alert.service.name}`}
      >
        <ColumnHeads names={['Channel', 'Message', 'Time', 'Outcome', 'Error']} />
        <tbody>
          {alert.messages
            .filter((m) => m.attempts.length === 0)
            .map((m) => (
              <tr key={m.id}>
                <td>{m.channel}</td>
                <td>{m.kind}</td>
                <td>—</td>
                <td>pending</td>
                <td />
              </tr>
            ))}
          {rows.map(({ message, attempt, key }) => (
            <tr key={key}>
              <td>{message.channel}</td>
              <td>{message.kind}</td>
              <td className="pi-nowrap">{formatInstant(attempt.at)}</td>
              <td>
                {attempt.outcome}
                {attempt.status !== undefined ? ` (${attempt.status})` : ''}
              </td>
              <td>{attempt.error ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
