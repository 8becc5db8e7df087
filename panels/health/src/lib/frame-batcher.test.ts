import { describe, expect, it, vi } from 'vitest';
import { createFrameBatcher, type FrameScheduler } from './frame-batcher';

function manualFrames() {
  const queue: Array<() => void> = [];
  const schedule: FrameScheduler = (cb) => {
    queue.push(cb);
    return () => queue.splice(queue.indexOf(cb), 1);
  };
  return {
    schedule,
    tick: () => queue.splice(0).forEach((cb) => cb()),
    pending: () => queue.length,
  };
}

describe('createFrameBatcher', () => {
  it('flushes everything pushed within one frame in one call', () => {
    const frames = manualFrames();
    const flush = vi.fn();
    const batcher = createFrameBatcher<number>(flush, frames.schedule);
    [1, 2, 3].forEach((n) => batcher.push(n));
    expect(frames.pending()).toBe(1);
    expect(flush).not.toHaveBeenCalled();
    frames.tick();
    expect(flush).toHaveBeenCalledExactlyOnceWith([1, 2, 3]);
    batcher.push(4);
    frames.tick();
    expect(flush).toHaveBeenLastCalledWith([4]);
  });

  it('drops pending items when disposed', () => {
    const frames = manualFrames();
    const flush = vi.fn();
    const batcher = createFrameBatcher<number>(flush, frames.schedule);
    batcher.push(1);
    batcher.dispose();
    frames.tick();
    expect(flush).not.toHaveBeenCalled();
  });
});
