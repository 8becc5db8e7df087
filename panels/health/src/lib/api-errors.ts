// The shell's ApiClient throws its own ApiError/NetworkError classes; a federated panel may hold a
// different copy of @aether/contract, so errors are recognised by shape, never by instanceof.

export type ErrorKind = 'unreachable' | 'unauthorized' | 'forbidden' | 'not-found' | 'failed';

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

export function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
