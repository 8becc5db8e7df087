import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.js';
import { startStack, type Stack, type StackOptions } from './stack.js';

/**
 * One stack and one browser per scenario file (vitest runs the files one after the other), torn
 * down after it whatever happened. Each file starts on a fresh database.
 */
export function stackPerFile(options: StackOptions = {}): {
  readonly stack: Stack;
  readonly browser: Browser;
} {
  const state = {} as { stack: Stack; browser: Browser; closeBrowser?: () => Promise<void> };
  beforeAll(async () => {
    state.stack = await startStack(options);
    const launched = await launchBrowser();
    state.browser = launched.browser;
    state.closeBrowser = launched.close;
  });
  afterAll(async () => {
    await state.closeBrowser?.();
    await state.stack?.close();
  });
  return {
    get stack() {
      return state.stack;
    },
    get browser() {
      return state.browser;
    },
  };
}
