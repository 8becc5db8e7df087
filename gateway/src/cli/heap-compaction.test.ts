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
    [undefined, 'never'],
    ['', 'never'],
    [' 0 ', 'never'],
    ['auto', 'auto'],
    ['1', 'always'],
  ])('%j → %s', (raw, expected) => {
    expect(heapCompaction(raw === undefined ? {} : { AETHER_HEAP_COMPACT: raw })).toBe(expected);
  });

  it.each(['yes', 'true', '2', 'off'])('refuses %j', (raw) => {
    expect(() => heapCompaction({ AETHER_HEAP_COMPACT: raw })).toThrow(
      /AETHER_HEAP_COMPACT must be 0 .*, auto .* or 1/,
    );
  });
});

describe('fragmented', () => {
  const MiB = 2 ** 20;
  it.each([
    [145, 93, true], // the cluster gateway that showed it
    [126, 100, true],
    [125, 100, false], // not past 1.25x
    [100, 100, false],
    [73, 58, false], // past 1.25x, but 15 MiB to win back: a single gateway at 10,000 checks
    [60, 35, true], // 25 MiB
    [10, 0, false], // nothing to move
  ])('%d MiB committed, %d used → %s', (size, used, expected) => {
    expect(fragmented({ size: size * MiB, used: used * MiB })).toBe(expected);
  });
});

describe('compactWhenFragmented', () => {
  it('sets compaction for the next full GC from what the last one left, and only when it changes', async () => {
    // a real full GC of this process: --expose-gc set now shows `gc` in contexts made after it
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    let space: SpaceUse = { size: 150 * 2 ** 20, used: 90 * 2 ** 20 };
    const set: boolean[] = [];
    const stop = compactWhenFragmented(
      () => space,
      (on) => set.push(on),
    );
    const afterGc = async () => {
      gc();
      // gc entries reach observers a turn or two later
      for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
    };
    try {
      await afterGc();
      expect(set).toEqual([true]);
      await afterGc(); // still fragmented: nothing to change
      expect(set).toEqual([true]);
      space = { size: 100 * 2 ** 20, used: 95 * 2 ** 20 };
      await afterGc();
      expect(set).toEqual([true, false]);
    } finally {
      stop();
    }
  });
});
