import { describe, expect, it } from 'vitest';
import { compacted } from './load-in-worker.js';

describe('compacted (a config that came from the worker)', () => {
  it('copies every array, keeps every value, and keeps objects met twice as one', () => {
    const shared = { id: 'http', tags: ['a'] };
    const when = new Date(0);
    const config = {
      services: [
        { id: 's1', checks: [shared], tags: ['x', 'y'], none: [] as unknown[], when },
        { id: 's2', checks: [shared], tags: [], nothing: null, count: 3 },
      ],
    };
    const services = config.services;
    const out = compacted(config);
    expect(out).toEqual({
      services: [
        { id: 's1', checks: [{ id: 'http', tags: ['a'] }], tags: ['x', 'y'], none: [], when },
        { id: 's2', checks: [{ id: 'http', tags: ['a'] }], tags: [], nothing: null, count: 3 },
      ],
    });
    expect(out.services).not.toBe(services);
    expect(out.services[0]!.checks[0]).toBe(out.services[1]!.checks[0]);
    expect(out.services[0]!.when).toBe(when);
  });

  it('copies an array met twice once, and ends on cycles', () => {
    const tags = ['t'];
    const node: { tags: string[]; self?: unknown; also: string[] } = { tags, also: tags };
    node.self = node;
    const out = compacted(node);
    expect(out.tags).not.toBe(tags);
    expect(out.also).toBe(out.tags);
    expect(out.self).toBe(out);
  });
});
