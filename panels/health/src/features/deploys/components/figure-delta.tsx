import type { FigureDelta } from '../comparison-deltas';

/**
 * "3 → 41 ms ▲": the arrow says which way the number went, the colour and the hidden word whether
 * that is worse or better (a drop in latency is good, a drop in pass rate is not).
 */
export function FigureDeltaView({ delta, unit = '' }: { delta: FigureDelta; unit?: string }) {
  const moved = delta.trend !== 'same';
  const up = parseFloat(delta.after) > parseFloat(delta.before);
  return (
    <span className={`hp-delta hp-delta--${delta.trend}`}>
      {delta.before} → {delta.after}
      {unit && delta.after !== '—' ? ` ${unit}` : ''}
      {moved && (
        <>
          {' '}
          <span aria-hidden="true">{up ? '▲' : '▼'}</span>
          <span className="ae-visually-hidden"> ({delta.trend})</span>
        </>
      )}
    </span>
  );
}
