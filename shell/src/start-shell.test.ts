import { describe, expect, it } from 'vitest';
import type { ShellServices } from './shell-services';
import { startShell } from './start-shell';

/** Services that only record what the start asks of them, in order. */
function recording(firstReads?: Promise<void>) {
  const did: string[] = [];
  const services = {
    events: { start: () => did.push('stream'), stop: () => undefined },
    auth: { refresh: () => (did.push('session'), Promise.resolve()) },
    registry: { start: () => (did.push('registry'), Promise.resolve()), dispose: () => undefined },
    firstReads,
  } as unknown as ShellServices;
  return { services, did };
}

describe('startShell', () => {
  it("opens the stream and the registry at once, and asks who we are once the page's first reads are answered", async () => {
    let answered!: () => void;
    const { services, did } = recording(new Promise<void>((resolve) => (answered = resolve)));
    startShell(services);
    await Promise.resolve();
    expect(did).toEqual(['stream', 'registry']);
    answered();
    await expect.poll(() => did).toEqual(['stream', 'registry', 'session']);
  });

  it('asks nothing once stopped before they are answered', async () => {
    let answered!: () => void;
    const firstReads = new Promise<void>((resolve) => (answered = resolve));
    const { services, did } = recording(firstReads);
    startShell(services)();
    answered();
    await firstReads;
    await Promise.resolve();
    expect(did).toEqual(['stream', 'registry']);
  });

  it('asks at once when the page named no first reads', async () => {
    const { services, did } = recording();
    startShell(services);
    await expect.poll(() => did).toContain('session');
  });
});
