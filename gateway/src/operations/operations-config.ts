import { z } from 'zod';
import { duration } from '../config/schema-fields.js';

/**
 * `operations: { confirmTtl: 2m, approvalTtl: 15m }` in the config: how long a confirmation token
 * may wait for its confirmed invoke, and a four-eyes request for its approvers. Both are stored,
 * so they hold across a restart.
 */
export const operationsConfigShape = {
  operations: z
    .strictObject({
      confirmTtl: duration('2m'),
      approvalTtl: duration('15m'),
    })
    .prefault({}),
};
