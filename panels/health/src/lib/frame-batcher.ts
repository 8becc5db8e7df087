/**
 * Collects items and hands them over once per animation frame, so a burst of live events costs one
 * store update and one React commit instead of one per event.
 */
export interface FrameBatcher<T> {
  push(item: T): void;
  dispose(): void;
}

export type FrameScheduler = (callback: () => void) => () => void;

export const animationFrameScheduler: FrameScheduler = (callback) => {
  const id = requestAnimationFrame(callback);
  return () => cancelAnimationFrame(id);
};

export function createFrameBatcher<T>(
  flush: (items: T[]) => void,
  schedule: FrameScheduler = animationFrameScheduler,
): FrameBatcher<T> {
  let pending: T[] = [];
  let cancel: (() => void) | null = null;
  const run = () => {
    cancel = null;
    const items = pending;
    pending = [];
    if (items.length) flush(items);
  };
  return {
    push(item) {
      pending.push(item);
      cancel ??= schedule(run);
    },
    dispose() {
      cancel?.();
      cancel = null;
      pending = [];
    },
  };
}
