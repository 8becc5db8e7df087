import type { Bench } from './run.js';
import { probing } from './benches/probing.js';
import { history } from './benches/history.js';
import { sse } from './benches/sse.js';

/** Every benchmark, in the order they run. */
export const BENCHES: Bench[] = [probing, history, sse];
