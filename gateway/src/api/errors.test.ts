import { PROBLEM_CODE_BY_STATUS } from '@aether/contract';
import { describe, expect, it } from 'vitest';
import { codeOf } from './errors.js';

describe('codeOf', () => {
  // the contract's table is what the MSW mock answers with; the gateway derives the same codes
  // from node's reason phrases (500 is the exception: the gateway answers "internal" for it)
  it.each(Object.entries(PROBLEM_CODE_BY_STATUS).filter(([status]) => status !== '500'))(
    '%s → %s, as the contract says',
    (status, code) => {
      expect(codeOf(Number(status))).toBe(code);
    },
  );
});
