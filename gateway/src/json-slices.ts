import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * The bytes of a JSON array, `slice` items stringified per turn of the event loop: one
 * JSON.stringify of thousands of items (and joining one multi-MB string at the end) held the
 * loop for the requests, probes and SSE frames queued behind it. Each slice becomes bytes in its
 * own turn; the caller concatenates the chunks ('[' first, ']' last).
 */
export async function jsonArrayInSlices<T>(
  items: readonly T[],
  slice: number,
  map: (item: T) => unknown = (item) => item,
): Promise<Buffer[]> {
  const chunks: Buffer[] = [Buffer.from('[')];
  for (let i = 0; i < items.length; i += slice) {
    if (i > 0) await nextTurn();
    const json = JSON.stringify(items.slice(i, i + slice).map(map));
    chunks.push(Buffer.from(`${i > 0 ? ',' : ''}${json.slice(1, -1)}`));
  }
  chunks.push(Buffer.from(']'));
  return chunks;
}
