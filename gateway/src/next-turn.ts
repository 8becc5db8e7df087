/**
 * Resolves on the event loop's next turn, after the I/O that is ready: long work awaits it between
 * slices so probes, results and other clients are served in between.
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
