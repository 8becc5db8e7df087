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
});
