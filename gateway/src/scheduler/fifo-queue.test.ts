import { describe, expect, it } from 'vitest';
import { FifoQueue } from './fifo-queue.js';

describe('FifoQueue', () => {
  it('keeps order across compactions, and drains the rest in order', () => {
    const queue = new FifoQueue<number>();
    for (let i = 0; i < 3000; i++) queue.push(i);
    // past 1,024 shifted items it compacts; order and size must not notice
    for (let i = 0; i < 2000; i++) expect(queue.shift()).toBe(i);
    queue.push(3000);
    expect(queue.size).toBe(1001);
    expect(queue.drain()).toEqual(Array.from({ length: 1001 }, (_, i) => 2000 + i));
    expect(queue.size).toBe(0);
    expect(queue.shift()).toBeUndefined();
  });
});
