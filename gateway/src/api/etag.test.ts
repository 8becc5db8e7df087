import { describe, expect, it } from 'vitest';
import { ifNoneMatchHits } from './etag.js';

describe('ifNoneMatchHits', () => {
  it.each([
    { header: '', etag: '"a"', hit: false },
    { header: '"a"', etag: '"a"', hit: true },
    { header: '"b"', etag: '"a"', hit: false },
    { header: '"b", "a"', etag: '"a"', hit: true },
    { header: 'W/"a"', etag: '"a"', hit: true },
    { header: '"a"', etag: 'W/"a"', hit: true },
    { header: '*', etag: '"a"', hit: true },
    { header: '"ab"', etag: '"a"', hit: false },
  ])('$header vs $etag → $hit', ({ header, etag, hit }) => {
    expect(ifNoneMatchHits(header, etag)).toBe(hit);
  });
});
