import { describe, expect, it } from 'vitest';
import { CheckConfig, ServiceConfig } from '../config/schema.js';
import { ClassifiedError, classifyError } from './classify-error.js';
import { runProbe } from './index.js';

const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('classifyError', () => {
  it.each([
    [withCode('ECONNREFUSED'), 'refused'],
    [withCode('ECONNRESET'), 'reset'],
    [withCode('UND_ERR_SOCKET', 'other side closed'), 'reset'],
    [withCode('ENOTFOUND'), 'dns'],
    [withCode('EHOSTUNREACH'), 'unreachable'],
    [withCode('DEPTH_ZERO_SELF_SIGNED_CERT'), 'tls'],
    [withCode('ERR_TLS_CERT_ALTNAME_INVALID'), 'tls'],
    [withCode('CERT_HAS_EXPIRED'), 'tls'],
    [withCode('HPE_INVALID_STATUS'), 'protocol'],
    [Object.assign(new Error('fetch failed'), { cause: withCode('ECONNREFUSED') }), 'refused'],
    [new ClassifiedError('body-too-large', 'big'), 'body-too-large'],
    [new Error('something else'), 'unknown'],
    ['a string', 'unknown'],
  ])('%s → %s', (error, kind) => {
    expect(classifyError(error).kind).toBe(kind);
  });

  it('calls anything a timeout once our deadline fired', () => {
    expect(classifyError(withCode('ECONNRESET'), true)).toEqual({
      kind: 'timeout',
      message: 'timed out: ECONNRESET',
    });
  });
});

describe('runProbe', () => {
  it('never throws, even for a check it cannot aim', async () => {
    const result = await runProbe(
      ServiceConfig.parse({ id: 's', name: 'S' }),
      CheckConfig.parse({ id: 'h', type: 'http' }),
    );
    expect(result).toMatchObject({ serviceId: 's', checkId: 'h', status: 'down', success: false });
    expect(result.errors).toHaveLength(1);
  });
});
