import { HttpResponse } from 'msw';
import type { Problem } from '../index.js';

export function problem(status: number, title: string, detail?: string): HttpResponse<Problem> {
  return HttpResponse.json<Problem>(
    { type: 'about:blank', title, status, ...(detail ? { detail } : {}) },
    { status, headers: { 'content-type': 'application/problem+json' } },
  );
}
