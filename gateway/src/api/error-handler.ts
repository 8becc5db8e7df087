import { STATUS_CODES } from 'node:http';
import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { problemType, type Problem } from '@aether/contract';
import { HttpError, codeOf } from './errors.js';
import { Refused } from '../domain/refusal.js';
import { refusalToHttpError } from './refusal-status.js';
import type { AppContext, AppState } from './context.js';

export const PROBLEM_TYPE = 'application/problem+json';

/** Koa's own errors (ctx.throw, http-errors) carry status and expose but are not HttpError. */
interface StatusError extends Error {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  headers?: Record<string, string>;
}

/** Turns anything thrown into the problem we answer with, and says whether it was expected. */
export function toProblem(thrown: unknown): {
  problem: Problem;
  headers: Record<string, string>;
  unexpected: boolean;
} {
  const error = thrown instanceof Refused ? refusalToHttpError(thrown.refusal) : thrown;
  if (error instanceof HttpError) {
    const problem: Problem = {
      type: problemType(error.code),
      title: error.title,
      status: error.status,
    };
    if (error.expose && error.detail) problem.detail = error.detail;
    if (error.errors?.length) problem.errors = error.errors;
    return { problem, headers: error.headers, unexpected: error.status >= 500 && !error.expose };
  }
  const e = error as StatusError;
  const status = e?.status ?? e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status <= 599) {
    const problem: Problem = {
      type: problemType(codeOf(status)),
      title: STATUS_CODES[status] ?? 'Error',
      status,
    };
    if (e.expose && e.message && e.message !== problem.title) problem.detail = e.message;
    return { problem, headers: e.expose ? (e.headers ?? {}) : {}, unexpected: status >= 500 };
  }
  return {
    problem: {
      type: problemType('internal'),
      title: 'Internal Server Error',
      status: 500,
      detail: 'The gateway failed to answer this request; it has been logged.',
    },
    headers: {},
    unexpected: true,
  };
}

/**
 * The one error middleware, mounted first: every error becomes application/problem+json (RFC 9457).
 * Expected errors are answered quietly; unexpected ones are logged once and never leak internals.
 */
export function errorHandler(fallbackLogger: Logger): Middleware<AppState, AppContext> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const { problem, headers, unexpected } = toProblem(error);
      const log = ctx.state.log ?? fallbackLogger;
      if (unexpected) log.error({ err: error }, 'request failed');
      if (ctx.headerSent || !ctx.writable) return;
      ctx.remove('etag');
      ctx.remove('last-modified');
      for (const [name, value] of Object.entries(headers)) ctx.set(name, value);
      ctx.status = problem.status;
      ctx.type = PROBLEM_TYPE;
      if (!problem.instance) problem.instance = ctx.path;
      ctx.body = JSON.stringify(problem);
    }
  };
}
