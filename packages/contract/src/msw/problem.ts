import { HttpResponse } from 'msw';
import { problemType, type Problem } from '../index.js';

/** The code the gateway gives a status when nothing more specific applies (its errors.ts codeOf). */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  428: 'precondition-required',
  429: 'too-many-requests',
};

/** A problem+json answer shaped as the gateway's: type urn:aether:problem:<code>. */
export function problem(status: number, title: string, detail?: string, code = CODE_BY_STATUS[status] ?? 'error', extra: Partial<Problem> = {}): HttpResponse<Problem> {
  return HttpResponse.json<Problem>(
    { type: problemType(code), title, status, ...(detail ? { detail } : {}), ...extra },
    { status, headers: { 'content-type': 'application/problem+json' } },
  );
}

/** A role check's refusal: 401 without a session, 403 with too small a role (as the gateway's authorize). */
export function refusal(refused: { status: 401 | 403 | number; detail: string }): HttpResponse<Problem> {
  return problem(refused.status, refused.status === 401 ? 'Unauthorized' : 'Forbidden', refused.detail);
}
