import pino, { type Logger } from 'pino';

/** The process logger: JSON lines on stdout, level from LOG_LEVEL (default info). */
export function createLogger(env: NodeJS.ProcessEnv = process.env): Logger {
  return pino({ name: 'aether', level: env.LOG_LEVEL ?? 'info', base: { pid: process.pid } });
}
