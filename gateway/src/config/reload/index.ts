export {
  createConfigReloader,
  deflatedText,
  sha256Of,
  type ConfigReloader,
  type ReloadHook,
  type ReloadOutcome,
  type ReloadTrigger,
  type RunningConfig,
} from './config-reloader.js';
export { watchConfigFile, CONFIG_DEBOUNCE_MS } from './config-watcher.js';
export { redactedConfigOf } from './redact-config.js';
export { changedSections } from './config-sections.js';
