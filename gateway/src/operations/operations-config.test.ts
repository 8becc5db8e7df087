import { describe, expect, it } from 'vitest';
import { AetherConfig } from '../config/schema.js';
import { APPROVAL_TTL_MS } from './approval-decisions.js';
import { CONFIRM_TTL_MS } from './confirmation-tokens.js';

describe('operations: { confirmTtl, approvalTtl }', () => {
  it.each([
    [{}, CONFIRM_TTL_MS, APPROVAL_TTL_MS],
    [{ operations: { confirmTtl: '30s' } }, 30_000, APPROVAL_TTL_MS],
    [{ operations: { approvalTtl: '1h' } }, CONFIRM_TTL_MS, 3_600_000],
  ])('%j → confirm %d ms, approval %d ms', (input, confirm, approval) => {
    expect(AetherConfig.parse(input).operations).toEqual({
      confirmTtl: confirm,
      approvalTtl: approval,
    });
  });

  it('refuses what is not a duration, or an unknown key', () => {
    expect(AetherConfig.safeParse({ operations: { confirmTtl: 'soon' } }).success).toBe(false);
    expect(AetherConfig.safeParse({ operations: { ttl: '1m' } }).success).toBe(false);
  });
});
