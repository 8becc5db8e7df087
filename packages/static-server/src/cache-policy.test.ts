import { describe, expect, it } from 'vitest';
import { cacheControlFor } from './cache-policy.js';
import { negotiateEncoding } from './compression.js';

describe('cacheControlFor', () => {
  const immutable = 'public, max-age=31536000, immutable';
  it.each([
    ['assets/index-DAcXPgA1.js', immutable],
    ['assets/mf-entry-bootstrap-0-7c08269d.js', immutable],
    ['assets/index-DAcXPgA1.js.map', immutable],
    ['index.html', 'no-cache'],
    ['mf-manifest.json', 'no-cache'],
    ['remoteEntry.js', 'no-cache'],
    ['command-palette.js', 'no-cache'],
    ['assets/stylesheet-listings.css', 'no-cache'],
    ['favicon.ico', 'no-cache'],
  ])('%s → %s', (path, expected) => {
    expect(cacheControlFor(path)).toBe(expected);
  });
});

describe('negotiateEncoding', () => {
  it.each([
    [undefined, undefined],
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip;q=0.5', 'gzip'],
    ['identity', undefined],
    ['*', 'br'],
    ['*;q=0', undefined],
  ])('%s → %s', (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });
});
