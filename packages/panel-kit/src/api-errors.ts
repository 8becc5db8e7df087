// The shell's ApiClient throws its own ApiError/NetworkError classes; a federated panel bundles a
// different copy of @aether/contract, so errors are recognised by shape, never by instanceof.
import type { ConfirmationRequired, Problem } from '@aether/contract';

/** The shape of the contract's ApiError: an HTTP answer that was not a success. */
export interface ApiErrorLike extends Error {
  status: number;
  problem: Problem;
  body: unknown;
}

export function isApiError(error: unknown): error is ApiErrorLike {
  return (
    error instanceof Error &&
    error.name === 'ApiError' &&
    typeof (error as ApiErrorLike).status === 'number'
  );
}

export function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

export type ErrorKind = 'unreachable' | 'unauthorized' | 'forbidden' | 'not-found' | 'failed';

/** What kind of failure a view should show: the gateway away, no session, no permission, … */
export function errorKind(error: unknown): ErrorKind {
  if (!(error instanceof Error)) return 'failed';
  if (error.name === 'NetworkError') return 'unreachable';
  const status = (error as { status?: unknown }).status;
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  return 'failed';
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface ErrorSummary {
  title: string;
  detail?: string;
  status?: number;
}

/** What to tell a person about a failure: the gateway's problem detail when there is one. */
export function summarizeError(error: unknown): ErrorSummary {
  if (isApiError(error)) {
    return { title: error.problem.title, detail: error.problem.detail, status: error.status };
  }
  if (error instanceof Error && error.name === 'NetworkError') {
    return { title: 'The gateway cannot be reached', detail: error.message };
  }
  return {
    title: 'Something went wrong',
    detail: error instanceof Error ? error.message : String(error),
  };
}

/** A 428 answer to invoke: the gateway wants the user to confirm before it runs anything. */
export function confirmationOf(error: unknown): ConfirmationRequired | undefined {
  if (!isApiError(error) || error.status !== 428) return undefined;
  const body = error.body as Partial<ConfirmationRequired> | undefined;
  return body && typeof body.confirmToken === 'string' ? (body as ConfirmationRequired) : undefined;
}
