import { STATUS_SEVERITY, type Status } from '@aether/contract';

/** Statuses are stored as their severity, so "worst in a bucket" is a plain MAX(). */
export function statusCode(status: Status): number {
  return STATUS_SEVERITY[status];
}

const BY_CODE = new Map<number, Status>(
  Object.entries(STATUS_SEVERITY).map(([status, code]) => [code, status as Status]),
);

export function statusOfCode(code: number): Status {
  return BY_CODE.get(code) ?? 'unknown';
}
