import { describe, expect, it } from 'vitest';
import { makeService, makeServices } from './fixtures/index.js';
import { buildOpenApi } from './openapi.js';
import {
  decodeServiceCursor,
  encodeServiceCursor,
  pageServices,
  serviceMatcher,
  ServiceChangesQuery,
  ServiceListQuery,
  summarizeServices,
} from './service-list.js';

// 0: up commerce [prod, critical] · 6: degraded · 7: down · 9: unknown (fixtures' cycle)
const fleet = makeServices(20);
const ids = (list: { id: string }[]) => list.map((s) => s.id.replace('svc-000', ''));

describe('serviceMatcher', () => {
  it.each([
    ['status, one', { status: 'down' }, ['07', '17']],
    ['status, a set', { status: 'down,degraded' }, ['06', '07', '16', '17']],
    ['group', { group: 'payments' }, ['02', '07', '12', '17']],
    ['tag', { tag: 'critical' }, ['00', '03', '06', '09', '12', '15', '18']],
    [
      'q in the name, any case',
      { q: 'SERVICE 1' },
      ['01', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19'],
    ],
    ['q in a tag', { q: 'critic' }, ['00', '03', '06', '09', '12', '15', '18']],
    ['q in the group', { q: 'paym' }, ['02', '07', '12', '17']],
    ['q in the id', { q: 'svc-00013' }, ['13']],
    ['filters AND-combined', { status: 'down', group: 'payments', tag: 'prod', q: '17' }, ['17']],
    ['nothing matches', { group: 'nope' }, []],
    ['a line break never matches across two fields', { q: 'svc-00000\nservice 0' }, []],
    [
      'q kept per summary: a second query sees the same fields',
      { q: 'svc-0001' },
      ['10', '11', '12', '13', '14', '15', '16', '17', '18', '19'],
    ],
  ])('%s', (_what, raw, expected) => {
    const query = ServiceListQuery.parse(raw);
    expect(ids(fleet.filter(serviceMatcher(query)))).toEqual(expected);
  });
});

describe('ServiceListQuery and ServiceChangesQuery refuse bad values', () => {
  it.each([
    [{ status: 'sideways' }],
    [{ status: 'up,' }],
    [{ limit: '0' }],
    [{ limit: '1001' }],
    [{ limit: 'ten' }],
    [{ limit: '1.5' }],
    [{ cursor: 'has space' }],
    [{ group: '' }],
    [{ colour: 'red' }],
  ])('list %j', (raw) => {
    expect(ServiceListQuery.safeParse(raw).success).toBe(false);
  });

  it.each([[{}], [{ since: '-1' }], [{ since: 'abc' }], [{ since: '1.5' }], [{ since: '1e3' }]])(
    'changes %j',
    (raw) => {
      expect(ServiceChangesQuery.safeParse(raw).success).toBe(false);
    },
  );

  it('takes the edges', () => {
    expect(ServiceListQuery.parse({ limit: '1' }).limit).toBe(1);
    expect(ServiceListQuery.parse({ limit: '1000' }).limit).toBe(1000);
    expect(ServiceChangesQuery.parse({ since: '0' }).since).toBe(0);
  });
});

describe('pageServices', () => {
  it('walks a filtered list page by page, with a next position only while more remain', () => {
    const matches = serviceMatcher({ tag: 'critical' }); // 7 of 20
    const seen: string[] = [];
    let start: number | null = 0;
    let pages = 0;
    while (start !== null) {
      const page: { items: typeof fleet; next: number | null } = pageServices(
        fleet,
        matches,
        start,
        3,
      );
      seen.push(...ids(page.items));
      const cursor: string | null = page.next === null ? null : encodeServiceCursor(page.next);
      start = cursor === null ? null : decodeServiceCursor(cursor)!;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(['00', '03', '06', '09', '12', '15', '18']);
    // exactly a page's worth left: no next
    expect(pageServices(fleet, matches, 0, 7).next).toBeNull();
  });

  it('refuses cursors it did not make', () => {
    expect(decodeServiceCursor('zzz')).toBeUndefined();
    expect(decodeServiceCursor(encodeServiceCursor(1234))).toBe(1234);
  });
});

describe('summarizeServices', () => {
  it('counts per status, maintenance apart, per group sorted', () => {
    const list = [
      makeService(0, { group: 'b' }),
      makeService(7, { group: 'a' }),
      makeService(6, {
        group: 'a',
        maintenance: { id: 'm1', endsAt: '2026-11-27T13:00:00.000Z', reason: 'deploy' },
      }),
    ];
    expect(summarizeServices(list, 5)).toEqual({
      revision: 5,
      counts: { up: 1, degraded: 0, down: 1, unknown: 0, maintenance: 1 },
      groups: [
        { group: 'a', counts: { up: 0, degraded: 0, down: 1, unknown: 0, maintenance: 1 } },
        { group: 'b', counts: { up: 1, degraded: 0, down: 0, unknown: 0, maintenance: 0 } },
      ],
    });
  });
});

describe('OpenAPI of the list routes', () => {
  const paths = buildOpenApi('test').paths as Record<
    string,
    Record<
      string,
      { parameters: { name: string }[]; responses: Record<string, { headers?: object }> }
    >
  >;

  it.each([
    [
      '/api/services',
      ['status', 'group', 'tag', 'q', 'limit', 'cursor'],
      ['X-Aether-Revision', 'ETag', 'Link'],
    ],
    ['/api/services/changes', ['since'], ['X-Aether-Revision']],
    ['/api/summary', [], ['X-Aether-Revision']],
  ])('%s documents its query and headers', (path, query, headers) => {
    const get = paths[path]!.get!;
    expect(get.parameters.map((p) => p.name)).toEqual(query);
    expect(Object.keys(get.responses['200']!.headers ?? {})).toEqual(headers);
  });

  it('documents 410 on changes', () => {
    expect(paths['/api/services/changes']!.get!.responses['410']).toBeDefined();
  });
});
