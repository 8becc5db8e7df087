// The feature's one lazy entry (see slos-pages.ts): the outage page and the detail section.
export { default as OutagesView } from './components/outages-view';
export { default as DependenciesSection } from './components/dependencies-section';
