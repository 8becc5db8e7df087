import { describe, expect, it } from 'vitest';
import { REDACTED, TRUNCATED_MARKER, Redactor, resolveHeader } from './secrets.js';

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
  const secret = 'SECRETVALUE';
  const redactor = new Redactor([secret]);
  const filler = 'x'.repeat(2_000);

  it.each([
    ['ends in the first letter', `${filler}S`],
    ['ends in half the secret', `${filler}SECRE`],
    ['ends in all but one letter', `${filler}SECRETVALU`],
    ['ends in something else', `${filler}QQQQQ`],
    ['ends in something else, one shorter', `${filler}QQQQ`],
  ])('%s: drops the same fixed tail, marked, and leaks no prefix', (_name, input) => {
    const out = redactor.truncatedText(input, true);
    expect(out.endsWith(TRUNCATED_MARKER)).toBe(true);
    // the cut never depends on what the tail says: always tailLength characters go
    expect(out.length).toBe(input.length - redactor.tailLength + TRUNCATED_MARKER.length);
    expect(out).not.toMatch(/S(E(C(R(E(T(V(A(L(U)?)?)?)?)?)?)?)?)?…/);
  });

  it('redacts whole secrets before cutting, and leaves a complete body alone', () => {
    expect(redactor.truncatedText(`a ${secret} b ${filler}`, true)).toMatch(
      new RegExp(`^a \\${REDACTED.slice(0, -1)}\\] b x+…\\[truncated\\]$`),
    );
    expect(redactor.truncatedText('complete, SECR', false)).toBe('complete, SECR');
  });
});
