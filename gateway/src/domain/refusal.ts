/**
 * How a domain module (operations, approvals, panels, auth, audit) says "no" without knowing HTTP:
 * it throws a Refused with a reason from this short vocabulary; api/refusal-status.ts is the one
 * place that turns a reason into a status code and problem+json.
 */
export type RefusalReason =
  /** The request is malformed or its values are not allowed. */
  | 'invalid'
  /** The caller has to say who they are first. */
  | 'unauthenticated'
  /** The caller is known but may not do this. */
  | 'forbidden'
  | 'not-found'
  /** The thing is not in a state that allows this (decided, spent, nothing to go back to). */
  | 'conflict'
  /** Too many at once or too often: try again later. */
  | 'limited'
  /** The gateway lacks something it needs (a secret in its environment). */
  | 'unavailable';

export interface FieldError {
  /** Where in the request the value is, e.g. "body.services[0]" or "query.from". */
  path: string;
  message: string;
}

export interface Refusal {
  reason: RefusalReason;
  /** Short machine-readable kind (e.g. "confirmation-refused"); defaults per reason. */
  code?: string;
  /** A short human title when the reason's default would say less. */
  title?: string;
  detail: string;
  errors?: FieldError[];
  /** For `limited`: when trying again makes sense. */
  retryAfterSeconds?: number;
}

export class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.detail);
    this.name = 'Refused';
  }
}

export const refuse = (reason: RefusalReason, detail: string, more: Partial<Refusal> = {}) =>
  new Refused({ reason, detail, ...more });

export const notFound = (detail: string) => refuse('not-found', detail);

/** Invalid input, located by field when `errors` say where. */
export const invalid = (detail: string, errors?: FieldError[]) =>
  refuse('invalid', detail, errors ? { code: 'validation', title: 'Invalid request', errors } : {});
