import type { Figure } from './report.js';

/** A figure; a value that is not a finite number is reported as not measured. */
export function figure(
  name: string,
  value: number,
  unit: string,
  goal: string,
  met: boolean | null,
  note?: string,
  details?: string[],
): Figure {
  const measured = Number.isFinite(value);
  return {
    name,
    value: measured ? value : null,
    unit,
    goal,
    met: measured ? met : null,
    ...(note ? { note } : {}),
    ...(details?.length ? { details } : {}),
  };
}
