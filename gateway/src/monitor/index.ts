export {
  createMonitor,
  type MonitorDeps,
  type ProbeFn,
  type ScheduledMonitor,
} from './create-monitor.js';
export type { CheckOwnership, Monitor, MonitorStats } from './types.js';
export type { MonitorChanges } from './reconfigure.js';
export { applyResult, worstStatus, describeCause } from './status-machine.js';
