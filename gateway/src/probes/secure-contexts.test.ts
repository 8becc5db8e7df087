import { describe, expect, it } from 'vitest';
import { makeSelfSignedCert } from '../testing/self-signed-cert.js';
import { secureContextFor } from './secure-contexts.js';

describe('secureContextFor', () => {
  it('makes one context per trusted-root set and hands the same one back', async () => {
    const { cert: a } = await makeSelfSignedCert();
    const { cert: b } = await makeSelfSignedCert();
    expect(secureContextFor(a)).toBe(secureContextFor(a));
    expect(secureContextFor(undefined)).toBe(secureContextFor(undefined));
    expect(secureContextFor(a)).not.toBe(secureContextFor(b));
    expect(secureContextFor(a)).not.toBe(secureContextFor(undefined));
  });
});
