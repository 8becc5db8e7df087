import { describe, expect, it } from 'vitest';
import { configJsonSchema } from './write-json-schema.js';

describe('configJsonSchema', () => {
  it('describes what a user writes: defaulted fields optional, durations as strings, no unknown fields', () => {
    const schema = configJsonSchema() as {
      properties: Record<string, unknown>;
      required?: string[];
      additionalProperties: boolean;
    };
    expect(Object.keys(schema.properties)).toEqual([
      'server',
      'storage',
      'cluster',
      'auth',
      'panels',
      'registry',
      'flapping',
      'services',
      'alerting',
      'maintenance',
      'audit',
      'verify',
      'operations',
    ]);
    expect(schema.required ?? []).toEqual([]);
    expect(schema.additionalProperties).toBe(false);
    const text = JSON.stringify(schema);
    expect(text).toContain('"pattern":"^\\\\d+(\\\\.\\\\d+)?(ms|s|m|h|d)$"');
    expect(text).toContain('"const":"http"');
    // flapping: globally with defaults, per service only what it overrides
    expect(schema.properties.flapping).toMatchObject({
      type: 'object',
      properties: { changes: { default: 4 }, window: { default: '10m' } },
    });
  });
});
