import { describe, expect, it, vi } from 'vitest';
import type { AetherEvent, ApiClient, Identity } from '@aether/contract';
import { createEventHub } from './event-hub';
import { createHarnessContext } from './harness-context';
import { createMemoryNavigation } from './memory-navigation';

const event: AetherEvent = {
  id: null,
  type: 'panels',
  data: { panels: [] },
} as AetherEvent;

describe('event hub', () => {
  it('delivers an event to the subscribers of its type and to "*", not after unsubscribe', () => {
    const hub = createEventHub(() => 42);
    const panels = vi.fn();
    const all = vi.fn();
    const other = vi.fn();
    const stop = hub.subscribe(['panels'], panels);
    hub.subscribe('*', all);
    hub.subscribe(['status'], other);
    hub.emit(event);
    expect(panels).toHaveBeenCalledWith(event);
    expect(all).toHaveBeenCalledTimes(1);
    expect(other).not.toHaveBeenCalled();
    expect(hub.lastEventAt).toBe(42);
    stop();
    hub.emit(event);
    expect(panels).toHaveBeenCalledTimes(1);
    expect(hub.listenerCount()).toBe(2);
  });

  it('tells connection listeners when the connection changes', () => {
    const hub = createEventHub();
    const seen: string[] = [];
    hub.onConnectionChange((state) => seen.push(state));
    hub.setConnection('offline');
    expect(hub.connection).toBe('offline');
    expect(seen).toEqual(['offline']);
  });
});

describe('memory navigation', () => {
  it('records pushes, overwrites on replace, and links under the panel prefix', () => {
    const nav = createMemoryNavigation('/', '/p/demo');
    const seen: string[] = [];
    nav.subscribe((path) => seen.push(path));
    nav.navigate('/a');
    nav.navigate('b', { replace: true });
    expect(nav.history).toEqual(['/', '/b']);
    expect(nav.path).toBe('/b');
    expect(seen).toEqual(['/a', '/b']);
    expect(nav.href('/')).toBe('/p/demo');
    expect(nav.href('/x?y=1')).toBe('/p/demo/x?y=1');
  });
});

describe('harness context', () => {
  it('is the panel context of the id it is given, signing in through the session endpoint', async () => {
    const ada: Identity = { name: 'ada', role: 'admin', authenticated: true };
    const post = vi.fn(async () => ada);
    const api = { post } as unknown as ApiClient;
    const context = createHarnessContext({ panelId: 'demo', api, path: '/start' });
    expect(context.panel).toEqual({ id: 'demo', version: 'dev' });
    expect(context.contextVersion).toMatch(/^1\./);
    expect(context.navigation.path).toBe('/start');
    expect(context.navigation.href('/x')).toBe('/p/demo/x');

    const users: Identity[] = [];
    context.auth.subscribe((user) => users.push(user));
    await expect(context.auth.login('t0ken')).resolves.toEqual(ada);
    expect(post).toHaveBeenCalledWith('/api/session', { body: { token: 't0ken' } });
    expect(context.auth.user).toEqual(ada);
    context.setUser({ name: 'anonymous', role: 'viewer', authenticated: false });
    expect(users.map((u) => u.role)).toEqual(['admin', 'viewer']);
  });
});
