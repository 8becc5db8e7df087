import type { Timings } from '@aether/contract';
import { ColumnHeads } from '@aether/panel-kit';
import { formatLatency } from '../../../lib/format';

const PHASES = [
  ['dns', 'DNS lookup'],
  ['connect', 'TCP connect'],
  ['tls', 'TLS handshake'],
  ['firstByte', 'Waiting for first byte'],
] as const;

/** Phases as consecutive spans; whatever of the total is left after them is the download. */
export function waterfallPhases(
  timings: Timings,
): Array<{ label: string; start: number; duration: number }> {
  const phases: Array<{ label: string; start: number; duration: number }> = [];
  let at = 0;
  for (const [key, label] of PHASES) {
    const duration = timings[key];
    if (duration === undefined) continue;
    phases.push({ label, start: at, duration });
    at += duration;
  }
  if (timings.total > at)
    phases.push({ label: 'Download', start: at, duration: timings.total - at });
  return phases;
}

/** The last HTTP probe's timing phases (dns, connect, tls, first byte, total) as a small waterfall. */
export function TimingWaterfall({ timings }: { timings: Timings }) {
  const total = Math.max(timings.total, 0.001);
  return (
    <table className="hp-waterfall">
      <caption>Timing of the last probe</caption>
      <ColumnHeads className="ae-visually-hidden" names={['Phase', 'Duration', 'Timeline']} />
      <tbody>
        {waterfallPhases(timings).map((p) => (
          <tr key={p.label}>
            <th scope="row">{p.label}</th>
            <td className="hp-waterfall__ms">{formatLatency(p.duration)}</td>
            <td className="hp-waterfall__track" aria-hidden="true">
              <span
                className="hp-waterfall__bar"
                style={{
                  marginLeft: `${(p.start / total) * 100}%`,
                  width: `max(2px, ${(p.duration / total) * 100}%)`,
                }}
              />
            </td>
          </tr>
        ))}
        <tr className="hp-waterfall__total">
          <th scope="row">Total</th>
          <td className="hp-waterfall__ms">{formatLatency(timings.total)}</td>
          <td aria-hidden="true" />
        </tr>
      </tbody>
    </table>
  );
}
