import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';
import { cleanup, configure } from '@testing-library/react';
// Its hooks (listen, reset after each test, close) are registered when this module loads.
import './server';

// Registered after the server's reset, so it runs before it: unmount, then drop the handlers.
afterEach(cleanup);

// Two cores shared by several engineers: give async queries room without making any test timed.
// A file's first test renders lazy pages in a fresh worker (their modules transformed on the spot):
// npm test at load ~20 took over 5 s for that in the detail page's files. findBy returns as soon as
// the element is there; this is only how long it keeps looking.
configure({ asyncUtilTimeout: 15_000 });

// jsdom lays nothing out: give elements the size of a laptop viewport so the virtual list has a
// window to fill (the virtualizer reads clientHeight/clientWidth of its scroll element).
Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
  configurable: true,
  get: () => 800,
});
Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
  configurable: true,
  get: () => 1200,
});

// jsdom has no ResizeObserver; nothing resizes in a test, so one that never reports is faithful.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

// jsdom has no layout scrolling; the virtual list calls scrollTo on keyboard moves.
Element.prototype.scrollTo ??= function scrollTo(
  this: Element,
  options?: ScrollToOptions | number,
) {
  if (typeof options === 'object' && options.top !== undefined) this.scrollTop = options.top;
};
