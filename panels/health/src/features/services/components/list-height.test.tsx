import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen } from '@testing-library/react';
import { servicesHandlers } from '@aether/contract/msw';
import { makeServices } from '@aether/contract/fixtures';
import { GATEWAY, server } from '../../../testing/server';
import { renderPanel } from '../../../testing/render-panel';

// jsdom lays nothing out: the window's height and where the list starts are played by hand.
let listTop = 200;
const observers = new Set<ResizeObserverCallback>();
class RecordingResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe() {
    observers.add(this.callback);
  }
  unobserve() {}
  disconnect() {
    observers.delete(this.callback);
  }
}

beforeEach(() => {
  vi.stubGlobal('ResizeObserver', RecordingResizeObserver);
  vi.stubGlobal('innerHeight', 900);
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (
    this: HTMLElement,
  ) {
    const top = this.classList.contains('hp-list') ? listTop : 0;
    return { top, bottom: top, left: 0, right: 0, width: 0, height: 0, x: 0, y: top } as DOMRect;
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  observers.clear();
  listTop = 200;
});

/** The scrolling box of the list, whose height the page gives it. */
const listBox = () => screen.getByRole('list', { name: 'Services' }).parentElement!;

describe('the list fills the window', () => {
  it('reaches from where it starts to the bottom of the window, and follows the window', async () => {
    server.use(...servicesHandlers({ baseUrl: GATEWAY, services: makeServices(40) }));
    renderPanel();
    await screen.findByRole('list', { name: 'Services' });
    expect(listBox().style.height).toBe(`${900 - 200 - 24}px`);

    act(() => {
      vi.stubGlobal('innerHeight', 600);
      window.dispatchEvent(new Event('resize'));
    });
    expect(listBox().style.height).toBe(`${600 - 200 - 24}px`);
  });

  it('moves its bottom edge back into the window when something above it grows', async () => {
    server.use(...servicesHandlers({ baseUrl: GATEWAY, services: makeServices(40) }));
    renderPanel();
    await screen.findByRole('list', { name: 'Services' });
    listTop = 320; // a banner appeared, the filters wrapped
    act(() => observers.forEach((cb) => cb([], {} as ResizeObserver)));
    expect(listBox().style.height).toBe(`${900 - 320 - 24}px`);
  });

  it('keeps a few rows on a window too short for them', async () => {
    server.use(...servicesHandlers({ baseUrl: GATEWAY, services: makeServices(40) }));
    vi.stubGlobal('innerHeight', 300);
    renderPanel();
    await screen.findByRole('list', { name: 'Services' });
    expect(listBox().style.height).toBe(`${4 * 56}px`);
  });
});
