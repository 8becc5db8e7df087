import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import {
  compactWhenFragmented,
  fragmented,
  heapCompaction,
  type SpaceUse,
} from './heap-compaction.js';

describe('heapCompaction', () => {
  it.each([
    [undefined, 'auto'],
    ['', 'auto'],
    ['auto', 'auto'],
    ['1', 'always'],
    [' 0 ', 'never'],
  ])('%j → %s', (raw, expected) => {
    expect(heapCompaction(raw === undefined ? {} : { AETHER_HEAP_COMPACT: raw })).toBe(expected);
  });

  it.each(['yes', 'true', '2', 'off'])('refuses %j', (raw) => {
    expect(() => heapCompaction({ AETHER_HEAP_COMPACT: raw })).toThrow(
      /AETHER_HEAP_COMPACT must be auto .*, 1 .* or 0/,
    );
  });
});

describe('fragmented', () => {
  it.each([
    [{ size: 145, used: 93 }, true], // the cluster gateway that showed it
    [{ size: 126, used: 100 }, true],
    [{ size: 125, used: 100 }, false],
    [{ size: 100, used: 100 }, false],
    [{ size: 10, used: 0 }, false], // nothing to move
  ])('%j → %s', (space, expected) => {
    expect(fragmented(space)).toBe(expected);
  });
});

describe('compactWhenFragmented', () => {
  it('sets compaction for the next full GC from what the last one left, and only when it changes', async () => {
    // a real full GC of this process: --expose-gc set now shows `gc` in contexts made after it
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    let space: SpaceUse = { size: 150, used: 90 };
    const set: boolean[] = [];
    const stop = compactWhenFragmented(
      () => space,
      (on) => set.push(on),
    );
    const afterGc = async () => {
      gc();
      // gc entries reach observers a turn or two later
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    };
    try {
      await afterGc();
      expect(set).toEqual([true]);
      await afterGc(); // still fragmented: nothing to change
      expect(set).toEqual([true]);
      space = { size: 100, used: 95 };
      await afterGc();
      expect(set).toEqual([true, false]);
    } finally {
      stop();
    }
  });
});
