import { describe, expect, it } from 'vitest';
import { ParamsValidator } from './params-validator.js';

const schema = {
  type: 'object',
  properties: {
    region: { type: 'string', enum: ['eu', 'us'] },
    ms: { type: 'integer', minimum: 0, maximum: 5000, default: 100 },
    tags: { type: 'array', items: { type: 'string' } },
  },
  required: ['region'],
  additionalProperties: false,
};

describe('ParamsValidator', () => {
  const validator = new ParamsValidator();

  it.each([
    [{ region: 'eu' }, []],
    [{}, [{ path: 'body.params.region', message: "must have required property 'region'" }]],
    [{ region: 'mars' }, [{ path: 'body.params.region', message: 'must be one of "eu", "us"' }]],
    [{ region: 'eu', ms: -1 }, [{ path: 'body.params.ms', message: 'must be >= 0' }]],
    [
      { region: 'eu', tags: ['a', 3] },
      [{ path: 'body.params.tags[1]', message: 'must be string' }],
    ],
    [
      { region: 'eu', url: 'http://x' },
      [{ path: 'body.params.url', message: 'is not a parameter of this operation' }],
    ],
  ])('%j', (params, errors) => {
    expect(validator.validate(schema, params)).toEqual(errors);
  });

  it('fills defaults from the schema', () => {
    const params: Record<string, unknown> = { region: 'us' };
    validator.validate(schema, params);
    expect(params.ms).toBe(100);
  });

  const formats = {
    type: 'object',
    properties: {
      id: { type: 'string', format: 'uuid' },
      mail: { type: 'string', format: 'email' },
      at: { type: 'string', format: 'date-time' },
      host: { type: 'string', format: 'hostname' },
      addr: { type: 'string', format: 'ipv4' },
    },
  };

  it.each([
    ['uuid', { id: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b' }, []],
    [
      'uuid',
      { id: 'not-a-uuid' },
      [{ path: 'body.params.id', message: 'must match format "uuid"' }],
    ],
    ['email', { mail: 'oncall@example.test' }, []],
    [
      'email',
      { mail: 'oncall' },
      [{ path: 'body.params.mail', message: 'must match format "email"' }],
    ],
    ['date-time', { at: '2026-12-06T12:00:00Z' }, []],
    [
      'date-time',
      { at: 'tomorrow' },
      [{ path: 'body.params.at', message: 'must match format "date-time"' }],
    ],
    ['hostname', { host: 'db-1.internal' }, []],
    [
      'hostname',
      { host: 'a b' },
      [{ path: 'body.params.host', message: 'must match format "hostname"' }],
    ],
    ['ipv4', { addr: '10.0.0.1' }, []],
    [
      'ipv4',
      { addr: '10.0.0.300' },
      [{ path: 'body.params.addr', message: 'must match format "ipv4"' }],
    ],
  ])('checks format %s: %j', (_format, params, errors) => {
    expect(validator.validate(formats, params)).toEqual(errors);
  });
});
