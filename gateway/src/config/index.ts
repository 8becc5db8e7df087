export {
  loadConfigFile,
  parseConfigText,
  checkConfigFile,
  ConfigError,
  formatConfigError,
  formatConfigIssue,
  type ConfigIssue,
  type ConfigCheck,
} from './load.js';
export * from './schema.js';
