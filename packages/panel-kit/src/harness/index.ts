// Stand-ins for the shell, for a panel's standalone dev page and its tests. Never import this
// from a panel's exposed module: the shell provides the real ones.
export { createEventHub, type EventHub } from './event-hub';
export { createMemoryNavigation, type MemoryNavigation } from './memory-navigation';
export { createBrowserNavigation } from './browser-navigation';
export { createHarnessContext, type HarnessContext, type HarnessOptions } from './harness-context';
export { renderStandalone, type StandaloneOptions } from './standalone-page';
