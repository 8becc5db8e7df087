import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { ResultStore } from '../store/types.js';

/** Deletes results past retention every `everyMs` while started. */
export function createPruneTimer(options: {
  store: Pick<ResultStore, 'prune'>;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'error'>;
  everyMs: number;
}): { start(): void; stop(): void } {
  const { store, clock, logger, everyMs } = options;
  let running = false;
  let timer: unknown;
  function arm(): void {
    timer = clock.setTimeout(() => {
      store.prune(clock.now()).then(
        (deleted) => {
          if (deleted > 0) logger.info({ deleted }, 'pruned results past retention');
        },
        (error: unknown) => logger.error({ err: error }, 'pruning results failed'),
      );
      if (running) arm();
    }, everyMs);
  }
  return {
    start() {
      running = true;
      arm();
    },
    stop() {
      running = false;
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
    },
  };
}
