import { useEffect, useState } from 'react';
import { Card } from '@aether/ui';
import type { CheckResult } from '@aether/contract';
import { usePanelEvent } from '@aether/panel-kit';
import { formatInstant, formatMs } from '../../../lib/format';
import { stripOf, timeLeft } from '../live-strip';

/**
 * After a run, two minutes of the service's checks as they come in (one mark per result), so
 * "did it come back?" is answered on the page that ran it.
 */
export function LiveStripView({
  serviceId,
  checkIds,
  since,
}: {
  serviceId: string;
  checkIds: readonly string[];
  since: number;
}) {
  const [results, setResults] = useState<CheckResult[]>([]);
  const [now, setNow] = useState(() => Date.now());
  const left = timeLeft(since, now);
  usePanelEvent('result', (result) => {
    if (result.serviceId === serviceId) setResults((list) => [...list, result]);
  });
  useEffect(() => {
    if (!left) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [left]);

  const strip = stripOf(results, serviceId, checkIds, since);
  return (
    <Card title="After the run" aria-label="After the run">
      <p className="pi-muted pi-small" role="status">
        {left
          ? `Following ${serviceId}'s checks · ${left}`
          : `Followed ${serviceId}'s checks for two minutes after the run.`}
      </p>
      <ul className="pi-list pi-strip" aria-label="Checks since the run">
        {strip.map(({ checkId, marks }) => {
          const down = marks.filter((m) => m.status === 'down').length;
          const last = marks.at(-1);
          return (
            <li key={checkId} className="pi-strip__row">
              <strong className="pi-strip__check">{checkId}</strong>
              <span
                className="pi-strip__marks"
                role="img"
                aria-label={
                  marks.length === 0
                    ? `${checkId}: no result yet`
                    : `${checkId}: ${marks.length} results, ${down} down, last ${last!.status}`
                }
              >
                {marks.map((m) => (
                  <span
                    key={m.at}
                    className={`pi-strip__mark pi-strip__mark--${m.status}`}
                    title={`${formatInstant(m.at)} · ${m.status} · ${formatMs(m.durationMs)}`}
                  />
                ))}
              </span>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
