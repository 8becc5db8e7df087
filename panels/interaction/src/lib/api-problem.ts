import type { ConfirmationRequired, Problem } from '@aether/contract';

/** The shape of the contract's ApiError, checked structurally so it holds across bundle copies. */
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

/** A 428 answer to invoke: the gateway wants the user to confirm before it runs anything. */
export function confirmationOf(error: unknown): ConfirmationRequired | undefined {
  if (!isApiError(error) || error.status !== 428) return undefined;
  const body = error.body as Partial<ConfirmationRequired> | undefined;
  return body && typeof body.confirmToken === 'string' ? (body as ConfirmationRequired) : undefined;
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
