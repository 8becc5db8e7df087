import { describe, expect, it } from 'vitest';
import { makeServices } from '@aether/contract/fixtures';
import { summariesJson, summaryJson } from './summary-json.js';

describe('summariesJson', () => {
  it('is JSON.stringify of the list, made from per-summary fragments', () => {
    const services = makeServices(7);
    expect(summariesJson(services)).toBe(JSON.stringify(services));
    expect(summariesJson([])).toBe('[]');
  });

  it('serializes a summary object once; a new object (a changed service) anew', () => {
    const [first] = makeServices(1);
    const json = summaryJson(first!);
    first!.name = 'mutated in place'; // the monitor never does this: it replaces the object
    expect(summaryJson(first!)).toBe(json);
    const replaced = { ...first!, name: 'Renamed' };
    expect(JSON.parse(summaryJson(replaced)).name).toBe('Renamed');
  });
});
