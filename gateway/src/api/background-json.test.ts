import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createBackgroundJson } from './background-json.js';

const items = (n: number, v = 0) => Array.from({ length: n }, (_, i) => ({ i, v }));
const text = (body: Buffer) => body.toString();

describe('background JSON answers', () => {
  it.each([0, 1, 2, 5, 7])(
    'the first answer is awaited and equals the whole array stringified (%i items, slices of 2)',
    async (n) => {
      const json = createBackgroundJson<{ i: number }>({ tag: 't', slice: 2 });
      const source = items(n);
      const answer = json.get(source);
      expect(answer).toBeInstanceOf(Promise);
      const cached = await answer;
      expect(text(cached.body)).toBe(JSON.stringify(source));
      expect(gunzipSync(await cached.gzipped()).toString()).toBe(JSON.stringify(source));
      expect(cached.etag).toMatch(/^"t-[\w-]+-1"$/);
      expect(json.get(source)).toBe(cached); // made once, then kept
    },
  );

  it('answers each item as `map` makes it, in order, across slices', async () => {
    const json = createBackgroundJson<{ i: number }>({
      tag: 't',
      slice: 3,
      map: ({ i }) => ({ id: `s${i}` }),
    });
    const cached = await json.get(items(7));
    expect(JSON.parse(text(cached.body))).toEqual(items(7).map(({ i }) => ({ id: `s${i}` })));
  });

  it('serves the previous answer while the next one is made, then the new one (never stale after it)', async () => {
    const json = createBackgroundJson<{ i: number; v: number }>({ tag: 't', slice: 1 });
    const first = await json.get(items(3, 1));
    const next = items(3, 2);
    expect(json.get(next)).toBe(first); // no wait: the old answer while the new one is built
    await json.settled();
    const second = json.get(next);
    expect(second).not.toBe(first);
    expect(second).not.toBeInstanceOf(Promise);
    expect(text((second as Awaited<typeof second>).body)).toBe(JSON.stringify(next));
    expect((second as Awaited<typeof second>).etag).not.toBe(first.etag);
  });

  it('starts the newest source after a build of an older one ends', async () => {
    const json = createBackgroundJson<{ i: number; v: number }>({ tag: 't', slice: 1 });
    await json.get(items(2, 1));
    json.get(items(2, 2)); // building 2
    const third = items(2, 3);
    json.get(third); // 2 is still building: served the first answer, 3 waits its turn
    await json.settled();
    json.get(third); // starts 3
    await json.settled();
    expect(text((json.get(third) as { body: Buffer }).body)).toBe(JSON.stringify(third));
  });

  it('rejects the waiting request when the first build fails, and builds again on the next', async () => {
    const json = createBackgroundJson<unknown>({ tag: 't' });
    const bad = [
      {
        toJSON() {
          throw new Error('boom');
        },
      },
    ];
    await expect(json.get(bad)).rejects.toThrow('boom');
    const good = [{ ok: true }];
    expect(text((await json.get(good)).body)).toBe('[{"ok":true}]');
  });
});
