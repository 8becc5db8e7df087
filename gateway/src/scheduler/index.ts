export {
  Scheduler,
  firstRunSpreadMs,
  FIRST_RUNS_PER_SECOND,
  RunFailure,
  type FirstSlot,
  type RunInfo,
  type RunTrigger,
  type ScheduledJob,
  type SchedulerOptions,
  type SchedulerStats,
} from './scheduler.js';
export { phaseOffset, hash32 } from './phase.js';
