import type { Bench } from './run.js';
import { probing } from './benches/probing.js';

/** Every benchmark, in the order they run. */
export const BENCHES: Bench[] = [probing];
