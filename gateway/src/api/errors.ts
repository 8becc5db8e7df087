import { STATUS_CODES } from 'node:http';

import type { FieldError } from '../domain/refusal.js';

export type { FieldError } from '../domain/refusal.js';

export interface HttpErrorOptions {
  /** Short machine-readable kind, becomes the problem `type` (urn:aether:problem:<code>). */
  code?: string;
  detail?: string;
  /** Whether `detail` may be shown to the caller; false for anything that could leak internals. */
  expose?: boolean;
  errors?: FieldError[];
  headers?: Record<string, string>;
  title?: string;
  cause?: unknown;
}

/** An error the gateway means to answer with; the error middleware renders it as problem+json. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly expose: boolean;
  readonly detail: string | undefined;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;
  readonly title: string;

  constructor(status: number, options: HttpErrorOptions = {}) {
    super(options.detail ?? STATUS_CODES[status] ?? 'Error', { cause: options.cause });
    this.name = 'HttpError';
    this.status = status;
    this.code = options.code ?? codeOf(status);
    this.expose = options.expose ?? status < 500;
    this.detail = options.detail;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
    this.title = options.title ?? STATUS_CODES[status] ?? 'Error';
  }
}

/** "Not Found" → "not-found": the default code for a status. */
export function codeOf(status: number): string {
  return (STATUS_CODES[status] ?? 'error')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export const badRequest = (detail: string, errors?: FieldError[]) =>
  new HttpError(400, {
    code: errors ? 'validation' : 'bad-request',
    title: errors ? 'Invalid request' : undefined,
    detail,
    errors,
  });

export const notFound = (detail: string) => new HttpError(404, { detail });
