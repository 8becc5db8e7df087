import { afterEach, describe, expect, it } from 'vitest';
import { abortable, Deadline } from './deadline.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Deadline', () => {
  const made: Deadline[] = [];
  afterEach(() => made.splice(0).forEach((deadline) => deadline.dispose()));
  const start = (timeoutMs: number, outer?: AbortSignal) => {
    const deadline = new Deadline(timeoutMs, outer);
    made.push(deadline);
    return deadline;
  };

  it('aborts at its own timeout, says so, and calls each listener once', async () => {
    const deadline = start(10);
    const calls: string[] = [];
    deadline.on(() => calls.push('a'));
    deadline.on(() => calls.push('b'));
    expect(deadline.aborted).toBe(false);
    expect(() => deadline.throwIfAborted()).not.toThrow();
    await tick(40);
    expect(deadline.aborted).toBe(true);
    expect(deadline.timedOut).toBe(true);
    expect((deadline.reason as Error).message).toBe('no answer within 10ms');
    expect(() => deadline.throwIfAborted()).toThrow('no answer within 10ms');
    deadline.abort(new Error('again'));
    expect(calls).toEqual(['a', 'b']);
    expect((deadline.reason as Error).message).toBe('no answer within 10ms');
  });

  it("aborts when the caller's signal does, which is not its own timeout", () => {
    const outer = new AbortController();
    const deadline = start(60_000, outer.signal);
    let called = 0;
    deadline.on(() => (called += 1));
    outer.abort();
    expect(deadline.aborted).toBe(true);
    expect(deadline.timedOut).toBe(false);
    expect((deadline.reason as Error).message).toBe('probe cancelled');
    expect(called).toBe(1);
  });

  it("starts aborted when the caller's signal already is", () => {
    const deadline = start(60_000, AbortSignal.abort());
    expect(deadline.aborted).toBe(true);
    let called = false;
    deadline.on(() => (called = true));
    deadline.abort(new Error('later'));
    // a listener added after the abort is never called: callers check `aborted` first
    expect(called).toBe(false);
  });

  it('calls no listener taken off, and leaves the caller’s signal once disposed', async () => {
    const outer = new AbortController();
    const deadline = start(20, outer.signal);
    let called = false;
    const listener = () => (called = true);
    deadline.on(listener);
    deadline.off(listener);
    deadline.dispose();
    outer.abort();
    await tick(50);
    expect(called).toBe(false);
    // disposed: neither the timer nor the caller's abort reached it
    expect(deadline.aborted).toBe(false);
  });
});

describe('abortable', () => {
  it('settles as the promise does while the deadline holds, and rejects with its reason when it aborts', async () => {
    const deadline = new Deadline(60_000);
    try {
      await expect(abortable(Promise.resolve(7), deadline)).resolves.toBe(7);
      await expect(abortable(Promise.reject(new Error('no')), deadline)).rejects.toThrow('no');
      const never = abortable(new Promise<never>(() => undefined), deadline);
      const reason = new Error('stop');
      deadline.abort(reason);
      await expect(never).rejects.toBe(reason);
      await expect(abortable(Promise.resolve(1), deadline)).rejects.toBe(reason);
    } finally {
      deadline.dispose();
    }
  });
});
