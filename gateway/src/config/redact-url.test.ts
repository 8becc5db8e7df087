import { describe, expect, it } from 'vitest';
import { redactUrl, shownUrl } from './redact-url.js';

describe('redactUrl', () => {
  it.each([
    ['http://127.0.0.1:9101', 'http://127.0.0.1:9101'],
    ['http://127.0.0.1:9101/health', 'http://127.0.0.1:9101/health'],
    ['http://user:secret@127.0.0.1:9101/health', 'http://127.0.0.1:9101/health'],
    ['https://user@host.test/', 'https://host.test/'],
    ['https://us%40er:p@ss@host.test/x', 'https://host.test/x'],
    ['http://h.test/p?key=abc', 'http://h.test/p?key=[REDACTED]'],
    ['http://h.test/p?a=1&b&c=', 'http://h.test/p?a=[REDACTED]&b&c=[REDACTED]'],
    ['http://h.test/p?a=1;b=2', 'http://h.test/p?a=[REDACTED];b=[REDACTED]'],
    ['http://h.test/p?a=1#frag-token', 'http://h.test/p?a=[REDACTED]'],
    ['http://h.test/p#frag', 'http://h.test/p'],
    ['http://[::1]:9101/x?t=1', 'http://[::1]:9101/x?t=[REDACTED]'],
    ['http://u:${PASS}@h.test/?k=${KEY}', 'http://h.test/?k=[REDACTED]'],
    ['http://${HOST}:9101/${PATH_PART}', 'http://${HOST}:9101/${PATH_PART}'],
    ['/health?token=abc', '/health?token=[REDACTED]'],
    ['/health', '/health'],
    ['GET-less text', 'GET-less text'],
  ])('%s → %s', (input, shown) => {
    expect(redactUrl(input)).toBe(shown);
  });

  it('shows the URL as written when the loader kept it, never the expanded value', () => {
    expect(shownUrl('http://h.test/s3cr3t/ping', 'http://h.test/${PING_ID}/ping')).toBe(
      'http://h.test/${PING_ID}/ping',
    );
    expect(shownUrl('http://u:p@h.test/ping')).toBe('http://h.test/ping');
  });
});
