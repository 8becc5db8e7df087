export {
  createStaticHandler,
  startStaticServer,
  type RunningStaticServer,
  type StaticServerOptions,
} from './static-server.js';
export { RegistryCsp, type CspSourceOptions } from './csp-from-registry.js';
export { cacheControlFor } from './cache-policy.js';
export { negotiateEncoding } from './compression.js';
export {
  declaredRequests,
  panelOfPage,
  panelPathOf,
  panelPreloads,
  withBootData,
  type PanelManifest,
  type PanelPreloads,
  type RegistryPanel,
} from './shell-boot.js';
