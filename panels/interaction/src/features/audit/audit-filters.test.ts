import { describe, expect, it } from 'vitest';
import { makeAuditEntries } from '@aether/contract/fixtures';
import {
  filtersFromQuery,
  filtersToQuery,
  isoToLocalInput,
  localInputToIso,
  matchesFilters,
} from './audit-filters';

const entry = {
  ...makeAuditEntries(1)[0]!,
  actor: 'bob',
  serviceId: 'svc-00000',
  at: '2026-11-27T10:30:00.000Z',
};

describe('audit filters', () => {
  it('round-trips through the URL, dropping blanks', () => {
    const filters = filtersFromQuery(
      new URLSearchParams('actor=bob&service=&from=2026-11-27T10:00:00.000Z'),
    );
    expect(filters).toEqual({ actor: 'bob', from: '2026-11-27T10:00:00.000Z' });
    expect(filtersToQuery(filters).toString()).toBe('actor=bob&from=2026-11-27T10%3A00%3A00.000Z');
  });

  it.each([
    [{}, true],
    [{ actor: 'bob' }, true],
    [{ actor: 'alice' }, false],
    [{ service: 'svc-00001' }, false],
    [{ from: '2026-11-27T10:30:00.000Z' }, true],
    [{ from: '2026-11-27T10:31:00.000Z' }, false],
    [{ to: '2026-11-27T10:29:00.000Z' }, false],
  ])('%j matches: %s', (filters, expected) => {
    expect(matchesFilters(entry, filters)).toBe(expected);
  });

  it('converts datetime-local values to instants and back', () => {
    const iso = localInputToIso('2026-11-27T10:30')!;
    expect(isoToLocalInput(iso)).toBe('2026-11-27T10:30');
    expect(localInputToIso('')).toBeUndefined();
  });
});
