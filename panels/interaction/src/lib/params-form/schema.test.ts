import { describe, expect, it } from 'vitest';
import {
  collectParams,
  fieldErrorsFromProblem,
  fieldsFromSchema,
  initialValues,
  validateField,
  type FormField,
} from './schema';

const schema = {
  type: 'object',
  properties: {
    count: { type: 'integer', title: 'Workers', minimum: 1, maximum: 10, default: 2 },
    ratio: { type: 'number', maximum: 1 },
    graceful: { type: 'boolean', default: true },
    region: { type: 'string', enum: ['eu', 'us'] },
    reason: { type: 'string', minLength: 3, maxLength: 5 },
    logger: { type: 'string', pattern: '^[a-z]+$' },
    since: { type: 'string', format: 'date-time' },
    labels: { type: 'object' },
  },
  required: ['count', 'region'],
};
const fields = fieldsFromSchema(schema);
const field = (name: string) => fields.find((f) => f.name === name) as FormField;

describe('fieldsFromSchema', () => {
  it('reads kinds, labels, requirements and defaults in property order', () => {
    expect(fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ['count', 'integer', true],
      ['ratio', 'number', false],
      ['graceful', 'boolean', false],
      ['region', 'enum', true],
      ['reason', 'text', false],
      ['logger', 'text', false],
      ['since', 'text', false],
      ['labels', 'json', false],
    ]);
    expect(field('count').label).toBe('Workers');
    expect(field('ratio').label).toBe('ratio');
    expect(initialValues(fields)).toMatchObject({ count: '2', graceful: true, region: '' });
  });
});

describe('validateField', () => {
  it.each([
    ['count', '', 'Required'],
    ['count', 'x', 'Must be a number'],
    ['count', '2.5', 'Must be a whole number'],
    ['count', '0', 'Must be at least 1'],
    ['count', '11', 'Must be at most 10'],
    ['count', '10', undefined],
    ['ratio', '1.5', 'Must be at most 1'],
    ['ratio', '', undefined],
    ['region', 'asia', 'Choose one of: eu, us'],
    ['reason', 'ab', 'At least 3 characters'],
    ['reason', 'abcdef', 'At most 5 characters'],
    ['logger', 'Root', 'Must match the pattern ^[a-z]+$'],
    ['since', 'yesterday', 'Must be a date and time, e.g. 2026-11-27T12:00:00Z'],
    ['labels', '{"a":', 'Must be valid JSON'],
  ])('%s = %j → %s', (name, raw, expected) => {
    expect(validateField(field(name), raw)).toBe(expected);
  });
});

describe('collectParams', () => {
  it('types values and leaves empty optional fields out', () => {
    const { params, errors } = collectParams(fields, {
      ...initialValues(fields),
      region: 'eu',
      labels: '{"team":"core"}',
    });
    expect(errors).toEqual({});
    expect(params).toEqual({ count: 2, graceful: true, region: 'eu', labels: { team: 'core' } });
  });
});

describe('fieldErrorsFromProblem', () => {
  it('places located errors on their field and keeps the rest', () => {
    const { byField, unplaced } = fieldErrorsFromProblem(
      [
        { path: 'body.params.count', message: 'must be <= 10' },
        { path: '$.region', message: 'must be equal to one of the allowed values' },
        { path: '', message: "must have required property 'reason'" },
        { path: 'body.params.labels[0].name', message: 'must be string' },
        { path: '/other', message: 'must NOT have additional properties' },
      ],
      fields,
    );
    expect(byField).toEqual({
      count: 'must be <= 10',
      region: 'must be equal to one of the allowed values',
      reason: "must have required property 'reason'",
      labels: 'must be string',
    });
    expect(unplaced).toEqual(['/other: must NOT have additional properties']);
  });
});
