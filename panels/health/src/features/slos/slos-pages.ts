// The feature's one lazy entry: its page and its detail section share figures, badge and styles,
// and one chunk keeps the bundler from splitting what they share with the list into chunks of
// their own (lib/format, the panel context), which the list's first view would then load too.
export { default as SlosView } from './components/slos-view';
export { default as ServiceSloSection } from './components/service-slo-section';
