import type pg from 'pg';

/** Node socket errors and pg's own messages when the server cannot be reached or went away. */
const AWAY_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);
const AWAY_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/;

/** Whether an error says the database is away (not that a statement was wrong). */
export function isDatabaseAway(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (
    typeof code === 'string' &&
    (AWAY_CODES.has(code) || code.startsWith('08') || code.startsWith('57P'))
  )
    return true;
  return typeof message === 'string' && AWAY_MESSAGES.test(message);
}

/**
 * The error a request that needs the database gets while it is away: 503 with Retry-After (the
 * API's error handler reads status, expose and headers), the original as its cause.
 */
export class DatabaseUnavailable extends Error {
  readonly status = 503;
  readonly expose = true;
  readonly headers = { 'retry-after': '5' };
  constructor(cause: unknown) {
    super(
      'The database cannot be reached right now; the gateway keeps probing. Try again shortly.',
      {
        cause,
      },
    );
    this.name = 'DatabaseUnavailable';
  }
}

/**
 * Makes every promise-returning query and connect of the pool reject with DatabaseUnavailable
 * when the database is away, so each store's reads answer 503 instead of 500 in an outage without
 * each store mapping errors itself.
 */
export function answerUnavailableWhenAway(pool: pg.Pool): void {
  const map = (error: unknown) => {
    throw isDatabaseAway(error) ? new DatabaseUnavailable(error) : error;
  };
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  Object.assign(pool, {
    query: (...args: unknown[]) => {
      const result = query(...args);
      return result instanceof Promise ? result.catch(map) : result;
    },
    connect: (...args: unknown[]) => {
      const result = connect(...args);
      return result instanceof Promise ? result.catch(map) : result;
    },
  });
}
