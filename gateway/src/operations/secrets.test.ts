import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor, resolveHeader } from './secrets.js';

describe('resolveHeader', () => {
  const env = { TOKEN: 's3cr3t-value', EMPTY: '' };
  it.each([
    ['Bearer ${TOKEN}', 'Bearer s3cr3t-value', 'Bearer ${TOKEN}', ['s3cr3t-value'], []],
    ['plain', 'plain', 'plain', [], []],
    ['${MISSING}', '', '${MISSING}', [], ['MISSING']],
    ['${EMPTY:-fallback-x}', 'fallback-x', '${EMPTY}', ['fallback-x'], []],
    ['$${TOKEN}', '${TOKEN}', '${TOKEN}', [], []],
  ])('%s', (template, value, shown, secrets, missing) => {
    expect(resolveHeader(template, env)).toEqual({ value, shown, secrets, missing });
  });
});

describe('Redactor', () => {
  const redactor = new Redactor(['s3cr3t/value"x', 'abc']);
  it.each([
    ['token s3cr3t/value"x here', `token ${REDACTED} here`],
    ['{"h":"s3cr3t/value\\"x"}', `{"h":"${REDACTED}"}`],
    ['q=s3cr3t%2Fvalue%22x', `q=${REDACTED}`],
    ['abc stays: too short to be a secret', 'abc stays: too short to be a secret'],
  ])('%s', (input, expected) => {
    expect(redactor.text(input)).toBe(expected);
  });

  it('scrubs nested values and keys', () => {
    expect(redactor.value({ a: ['s3cr3t/value"x'], ['s3cr3t/value"x']: 1, n: 2 })).toEqual({
      a: [REDACTED],
      [REDACTED]: 1,
      n: 2,
    });
  });
});

describe('Redactor.truncatedText', () => {
  const redactor = new Redactor(['SECRETVALUE']);
  it.each([
    ['body SECRETVALUE and SECR', true, `body ${REDACTED} and `],
    ['ends in S', true, 'ends in '],
    ['complete, SECR', false, 'complete, SECR'],
    ['nothing to cut', true, 'nothing to cut'],
  ])('%s (truncated: %s)', (input, truncated, expected) => {
    expect(redactor.truncatedText(input, truncated)).toBe(expected);
  });
});
