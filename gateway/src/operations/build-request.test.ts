import { describe, expect, it } from 'vitest';
import { Refused, type Refusal } from '../domain/refusal.js';
import { buildRequest } from './build-request.js';

const BASE = 'http://127.0.0.1:9101';
const env = { ADMIN_TOKEN: 'tok-123456' };

function refusal(fn: () => unknown): Refusal {
  try {
    fn();
  } catch (error) {
    if (error instanceof Refused) return error.refusal;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('buildRequest', () => {
  it('fills placeholders with encoded params, sends the rest as JSON and injects secrets', () => {
    const built = buildRequest(
      BASE,
      {
        method: 'POST',
        path: '/items/{id}/flush',
        headers: { Authorization: 'Bearer ${ADMIN_TOKEN}' },
      },
      { id: 'a b', region: 'eu' },
      env,
    );
    expect(built.url.toString()).toBe(`${BASE}/items/a%20b/flush`);
    expect(built.body).toBe('{"region":"eu"}');
    expect(built.headers.authorization).toBe('Bearer tok-123456');
    expect(built.shown.headers.authorization).toBe('Bearer ${ADMIN_TOKEN}');
    expect(JSON.stringify(built.shown)).not.toContain('tok-123456');
    expect(built.secrets).toEqual(['tok-123456']);
  });

  it('puts params in the query for GET and keeps a baseUrl path prefix', () => {
    const built = buildRequest(
      `${BASE}/api/`,
      { method: 'GET', path: '/admin/large', headers: {} },
      { kb: 4, tags: ['a', 'b'] },
      env,
    );
    expect(built.url.toString()).toBe(`${BASE}/api/admin/large?kb=4&tags=a&tags=b`);
    expect(built.body).toBeNull();
  });

  it('reports references with no value', () => {
    expect(
      buildRequest(
        BASE,
        { method: 'POST', path: '/x', headers: { 'x-key': '${NOT_SET_ANYWHERE}' } },
        {},
        {},
      ).missing,
    ).toEqual(['NOT_SET_ANYWHERE']);
  });

  it.each([
    ['absolute URL', 'http://127.0.0.1:9999/x'],
    ['protocol-relative', '//127.0.0.1:9999'],
    ['dot-dot', '..'],
    ['dot', '.'],
    ['encoded dot-dot', '%2e%2e'],
    ['encoded slash', '..%2f..%2fadmin'],
    ['double-encoded', '%252e%252e'],
    ['userinfo', 'user@127.0.0.1:9999'],
    ['backslash', '..\\..\\x'],
    ['query smuggling', 'a?x=1'],
    ['fragment', 'a#b'],
    ['control character', 'a\nb'],
    ['empty', ''],
    ['object', { host: 'x' }],
  ])('refuses %s in a path parameter, naming the field', (_name, value) => {
    const error = refusal(() =>
      buildRequest(BASE, { method: 'POST', path: '/items/{id}', headers: {} }, { id: value }, env),
    );
    expect(error.reason).toBe('invalid');
    expect(error.errors).toEqual([{ path: 'body.params.id', message: expect.any(String) }]);
  });

  it('never leaves the base origin, whatever the params', () => {
    for (const id of ['a.b', 'ünïcode', 'x y', '..a', 'a..']) {
      const built = buildRequest(
        BASE,
        { method: 'POST', path: '/items/{id}', headers: {} },
        { id },
        env,
      );
      expect(built.url.origin).toBe(BASE);
      expect(built.url.pathname.startsWith('/items/')).toBe(true);
    }
  });
});

describe('buildRequest with a query in the template', () => {
  it('encodes query placeholders and keeps them out of the body', () => {
    const built = buildRequest(
      BASE,
      { method: 'POST', path: '/admin/sleep?ms={ms}&tag={tag}', headers: {} },
      { ms: 250, tag: 'a&b=c', note: 'x' },
      env,
    );
    expect(built.url.toString()).toBe(`${BASE}/admin/sleep?ms=250&tag=a%26b%3Dc`);
    expect(built.body).toBe('{"note":"x"}');
  });
});
