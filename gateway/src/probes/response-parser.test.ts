import { describe, expect, it } from 'vitest';
import { ClassifiedError } from './classify-error.js';
import { MAX_HEAD_BYTES, ResponseParser, type ResponseHead } from './response-parser.js';

interface Parsed {
  head?: ResponseHead;
  body: string;
  ended: boolean;
  error?: string;
}

/** Feeds `wire` in pieces of `size` bytes (Infinity: at once), then the close if `close`. */
function parse(
  wire: string | Buffer,
  options: { size?: number; close?: boolean; headRequest?: boolean } = {},
): Parsed {
  const bytes = typeof wire === 'string' ? Buffer.from(wire, 'latin1') : wire;
  const out: Parsed = { body: '', ended: false };
  const parser = new ResponseParser(
    {
      onHead: (head) => (out.head = head),
      onBody: (chunk) => (out.body += chunk.toString('latin1')),
      onEnd: () => {
        expect(out.ended).toBe(false); // once
        out.ended = true;
      },
    },
    options.headRequest,
  );
  const size = options.size ?? Infinity;
  try {
    for (let at = 0; at < bytes.length; at += size)
      parser.push(bytes.subarray(at, Math.min(bytes.length, at + size)));
    if (options.close) parser.end();
  } catch (error) {
    if (!(error instanceof ClassifiedError)) throw error;
    out.error = `${error.kind}: ${error.message}`;
  }
  return out;
}

const OK = 'HTTP/1.1 200 OK\r\n';

describe('ResponseParser framing', () => {
  // every case is fed whole, in 7-byte pieces and one byte at a time: the answer is the same
  const CASES: Array<
    [
      name: string,
      wire: string,
      expected: Partial<Parsed>,
      options?: { close?: boolean; headRequest?: boolean },
    ]
  > = [
    ['Content-Length', `${OK}content-length: 5\r\n\r\nhello`, { body: 'hello', ended: true }],
    ['Content-Length 0', `${OK}content-length: 0\r\n\r\n`, { body: '', ended: true }],
    [
      'chunked, with extensions and trailers',
      `${OK}transfer-encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nx-trailer: 1\r\n\r\n`,
      { body: 'hello world', ended: true },
    ],
    [
      'chunked wins over Content-Length',
      `${OK}content-length: 99\r\ntransfer-encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n`,
      { body: 'abc', ended: true },
    ],
    [
      'chunked with bare LF line ends',
      `HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\nA\n0123456789\n0\n\n`,
      { body: '0123456789', ended: true },
    ],
    [
      'up to the close',
      `HTTP/1.0 200 OK\r\ncontent-type: text/plain\r\n\r\nall of it`,
      { body: 'all of it', ended: true },
      { close: true },
    ],
    [
      'a transfer coding other than chunked: up to the close',
      `${OK}transfer-encoding: gzip\r\n\r\nzzz`,
      { body: 'zzz', ended: true },
      { close: true },
    ],
    ['204 has no body', 'HTTP/1.1 204 No Content\r\n\r\n', { body: '', ended: true }],
    [
      '304 has no body',
      'HTTP/1.1 304 Not Modified\r\ncontent-length: 10\r\n\r\n',
      { body: '', ended: true },
    ],
    [
      'no body after HEAD',
      `${OK}content-length: 1000\r\n\r\n`,
      { body: '', ended: true },
      { headRequest: true },
    ],
    [
      '1xx heads are skipped',
      `HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nlink: </a>\r\n\r\n${OK}content-length: 2\r\n\r\nok`,
      { body: 'ok', ended: true },
    ],
    [
      'bytes after the body are ignored',
      `${OK}content-length: 2\r\n\r\nokEXTRA`,
      { body: 'ok', ended: true },
    ],
    [
      'a close mid-body (Content-Length) is a reset',
      `${OK}content-length: 10\r\n\r\nhalf`,
      { body: 'half', ended: false, error: 'reset: the connection closed mid-body' },
      { close: true },
    ],
    [
      'a close mid-body (chunked) is a reset',
      `${OK}transfer-encoding: chunked\r\n\r\n5\r\nhel`,
      { body: 'hel', ended: false, error: 'reset: the connection closed mid-body' },
      { close: true },
    ],
    [
      'a close before any byte is a reset',
      '',
      { ended: false, error: 'reset: the connection closed before a response' },
      { close: true },
    ],
    [
      'a close mid-head is a reset',
      'HTTP/1.1 200 OK\r\nserv',
      { ended: false, error: 'reset: the connection closed in the middle of the response head' },
      { close: true },
    ],
    [
      'not HTTP',
      'SSH-2.0-OpenSSH\r\n\r\n',
      { ended: false, error: 'protocol: not an HTTP/1.x response: "SSH-2.0-OpenSSH"' },
    ],
    [
      'HTTP/2 is not HTTP/1.x',
      'HTTP/2 200\r\n\r\n',
      { ended: false, error: 'protocol: not an HTTP/1.x response: "HTTP/2 200"' },
    ],
    [
      'an invalid chunk size',
      `${OK}transfer-encoding: chunked\r\n\r\nzz\r\n`,
      { ended: false, error: 'protocol: invalid chunk size "zz"' },
    ],
    [
      'a chunk not followed by CRLF',
      `${OK}transfer-encoding: chunked\r\n\r\n2\r\nokX`,
      { body: 'ok', ended: false, error: 'protocol: a chunk was not followed by CRLF' },
    ],
    [
      'an invalid Content-Length',
      `${OK}content-length: 12abc\r\n\r\n`,
      { ended: false, error: 'protocol: invalid Content-Length "12abc"' },
    ],
    [
      'two different Content-Lengths',
      `${OK}content-length: 2\r\ncontent-length: 3\r\n\r\nabc`,
      { ended: false, error: 'protocol: the response has two different Content-Length headers' },
    ],
    [
      'a header line without a name',
      `${OK}: nothing\r\n\r\n`,
      { ended: false, error: 'protocol: a malformed header line ": nothing"' },
    ],
  ];

  for (const [name, wire, expected, options] of CASES) {
    it.each([
      ['whole', Infinity],
      ['7 bytes at a time', 7],
      ['byte by byte', 1],
    ])(`${name} (%s)`, (_how, size) => {
      const parsed = parse(wire, { ...options, size });
      expect(parsed).toMatchObject(expected);
      if (!expected.error) expect(parsed.error).toBeUndefined();
    });
  }
});

describe('ResponseParser head', () => {
  it('gives the status and headers: names lower-case, repeats joined, single ones kept once', () => {
    const { head } = parse(
      `${OK}Content-Type: application/json\r\ncontent-type: text/html\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\nX-Folded: one\r\n  two\r\nX-Space:   padded  \r\ncontent-length: 0\r\n\r\n`,
    );
    expect(head).toEqual({
      status: 200,
      headers: {
        'content-type': 'application/json',
        'set-cookie': 'a=1, b=2',
        'x-folded': 'one two',
        'x-space': 'padded',
        'content-length': '0',
      },
    });
  });

  it('accepts a status line without a reason phrase', () => {
    expect(parse('HTTP/1.1 503\r\ncontent-length: 0\r\n\r\n').head?.status).toBe(503);
  });

  it(`refuses a head over ${MAX_HEAD_BYTES / 1024} KiB, even before it ends`, () => {
    const huge = `${OK}x-big: ${'a'.repeat(MAX_HEAD_BYTES)}\r\n`;
    for (const wire of [huge, `${huge}\r\n`])
      expect(parse(wire, { size: 1024 }).error).toBe('protocol: the response head is over 16 KiB');
  });

  it('stops at a body cap: whatever onBody throws ends the parse', () => {
    const parser = new ResponseParser({
      onHead: () => undefined,
      onBody: () => {
        throw new ClassifiedError('body-too-large', 'over');
      },
      onEnd: () => expect.unreachable(),
    });
    expect(() => parser.push(Buffer.from(`${OK}content-length: 5\r\n\r\nhello`))).toThrow('over');
  });
});
