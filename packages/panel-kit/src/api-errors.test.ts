import { describe, expect, it } from 'vitest';
import { ApiError, NetworkError } from '@aether/contract/panel-runtime';
import { confirmationOf, errorKind, isAbort, isApiError, summarizeError } from './api-errors';

const problem = (status: number, body: unknown = undefined) =>
  new ApiError(status, { type: 'about:blank', title: `T${status}`, status, detail: 'why' }, body);

describe('api errors, recognised by shape across bundle copies', () => {
  it.each([
    [new NetworkError('down'), 'unreachable'],
    [problem(401), 'unauthorized'],
    [problem(403), 'forbidden'],
    [problem(404), 'not-found'],
    [problem(500), 'failed'],
    ['a string', 'failed'],
  ])('%s is %s', (error, kind) => {
    expect(errorKind(error)).toBe(kind);
  });

  it('knows an ApiError from a copy of the class (by name and status), not any Error', () => {
    const copy = Object.assign(new Error('x'), { name: 'ApiError', status: 409, problem: {} });
    expect(isApiError(copy)).toBe(true);
    expect(isApiError(new Error('x'))).toBe(false);
    expect(isAbort(Object.assign(new Error('stop'), { name: 'AbortError' }))).toBe(true);
    expect(isAbort(new Error('stop'))).toBe(false);
  });

  it('summarizes with the gateway’s problem, or says the gateway is away', () => {
    expect(summarizeError(problem(409))).toEqual({ title: 'T409', detail: 'why', status: 409 });
    expect(summarizeError(new NetworkError('refused'))).toMatchObject({
      title: 'The gateway cannot be reached',
    });
  });

  it('reads a confirmation only from a 428 carrying a token', () => {
    const body = { confirmToken: 'c1', expiresAt: 'later', preview: {} };
    expect(confirmationOf(problem(428, body))).toBe(body);
    expect(confirmationOf(problem(428, {}))).toBeUndefined();
    expect(confirmationOf(problem(409, body))).toBeUndefined();
  });
});
