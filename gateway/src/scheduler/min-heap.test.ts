import { describe, expect, it } from 'vitest';
import { MinHeap } from './min-heap.js';

describe('MinHeap', () => {
  it('pops in key order, including duplicates', () => {
    const heap = new MinHeap<number>((a, b) => a < b);
    const values = [5, 3, 9, 1, 3, 7, 0, 12, 8, 1];
    for (const v of values) heap.push(v);
    const out: number[] = [];
    while (heap.size > 0) out.push(heap.pop()!);
    expect(out).toEqual([...values].sort((a, b) => a - b));
    expect(heap.pop()).toBeUndefined();
  });

  it('removes matching items and keeps order', () => {
    const heap = new MinHeap<{ at: number; id: string }>((a, b) => a.at < b.at);
    for (const [id, at] of [
      ['a', 3],
      ['b', 1],
      ['c', 2],
    ] as const)
      heap.push({ id, at });
    heap.removeWhere((x) => x.id === 'b');
    expect(heap.peek()?.id).toBe('c');
    expect(heap.size).toBe(2);
  });
});
