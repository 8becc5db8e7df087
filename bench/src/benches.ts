import type { Bench } from './run.js';

/** Every benchmark, in the order they run. */
export const BENCHES: Bench[] = [];
