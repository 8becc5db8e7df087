import { HTTP_TOKEN } from '../http-syntax.js';
import { ClassifiedError } from './classify-error.js';

/** As Node's own client (--max-http-header-size): a head larger than this is refused. */
export const MAX_HEAD_BYTES = 16 * 1024;

/** A response's status and headers: names lower-case, repeated headers joined with ", ". */
export interface ResponseHead {
  status: number;
  headers: Record<string, string>;
}

/** Headers a response carries once: a repeat is dropped (Node's client does the same). */
const ONCE = new Set([
  'age',
  'authorization',
  'content-type',
  'etag',
  'expires',
  'from',
  'host',
  'if-modified-since',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'referer',
  'retry-after',
  'server',
  'user-agent',
]);

const STATUS_LINE = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/;
const CHUNK_SIZE = /^[0-9A-Fa-f]{1,12}$/;
/** A chunk-size line (size and extensions) longer than this is not a chunk size. */
const MAX_CHUNK_LINE = 1024;

type State =
  | 'head'
  | 'length'
  | 'chunk-size'
  | 'chunk-data'
  | 'chunk-end'
  | 'trailers'
  | 'until-close'
  | 'done';

export interface ParserEvents {
  /** The final (non-1xx) response head. */
  onHead(head: ResponseHead): void;
  /** A piece of the body, framing removed; may throw (a cap), which ends the parse. */
  onBody(chunk: Buffer): void;
  /** The body is complete. */
  onEnd(): void;
}

/**
 * The response side of one HTTP/1.1 exchange on a connection of its own, fed the bytes as they
 * come: the head (1xx heads skipped), then the body framed as RFC 9112 §6.3 says (none after HEAD,
 * 204 or 304; chunked; Content-Length; else up to the close). Malformed input throws a `protocol`
 * error; a close before the end, a `reset`.
 */
export class ResponseParser {
  private state: State = 'head';
  /** Bytes of a head or a line not complete yet. */
  private pending: Buffer | undefined;
  /** Bytes of the body (or of the current chunk) still to come. */
  private left = 0;
  private trailerBytes = 0;
  private sawBytes = false;

  constructor(
    private readonly events: ParserEvents,
    private readonly headRequest = false,
  ) {}

  get done(): boolean {
    return this.state === 'done';
  }

  push(chunk: Buffer): void {
    if (this.state === 'done' || chunk.length === 0) return;
    this.sawBytes = true;
    const data = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    let at = 0;
    while (at < data.length && !this.done) {
      const next = this.step(data, at);
      if (next < 0) {
        this.pending = data.subarray(at);
        return;
      }
      at = next;
    }
    if (this.done) this.events.onEnd();
  }

  /** The peer closed its side: the end of a body read up to the close, else a reset. */
  end(): void {
    if (this.state === 'done') return;
    if (this.state === 'until-close') {
      this.state = 'done';
      this.events.onEnd();
      return;
    }
    if (this.state === 'head')
      throw new ClassifiedError(
        'reset',
        this.sawBytes
          ? 'the connection closed in the middle of the response head'
          : 'the connection closed before a response',
      );
    throw new ClassifiedError('reset', 'the connection closed mid-body');
  }

  /** Consumes from `at`; returns where the next step starts, or -1 when it needs more bytes. */
  private step(data: Buffer, at: number): number {
    switch (this.state) {
      case 'head':
        return this.readHead(data, at);
      case 'length':
      case 'chunk-data': {
        const end = Math.min(data.length, at + this.left);
        this.left -= end - at;
        if (this.left === 0) this.state = this.state === 'length' ? 'done' : 'chunk-end';
        this.events.onBody(data.subarray(at, end));
        return end;
      }
      case 'until-close':
        this.events.onBody(data.subarray(at));
        return data.length;
      case 'chunk-size':
        return this.readChunkSize(data, at);
      case 'chunk-end': {
        // CRLF (or a bare LF) ends a chunk's data; the next chunk's size follows
        if (data[at] === 0x0a) return this.nextChunk(at + 1);
        if (data[at] !== 0x0d) throw protocol('a chunk was not followed by CRLF');
        if (at + 1 >= data.length) return -1;
        if (data[at + 1] !== 0x0a) throw protocol('a chunk was not followed by CRLF');
        return this.nextChunk(at + 2);
      }
      case 'trailers':
        return this.readTrailer(data, at);
      default:
        return data.length;
    }
  }

  private nextChunk(at: number): number {
    this.state = 'chunk-size';
    return at;
  }

  private readHead(data: Buffer, at: number): number {
    const end = headEnd(data, at);
    if (end === undefined) {
      if (data.length - at > MAX_HEAD_BYTES) throw overflow();
      return -1;
    }
    if (end.text - at > MAX_HEAD_BYTES) throw overflow();
    const head = parseHead(data.toString('latin1', at, end.text));
    // 1xx heads (100 Continue, 103 Early Hints) come before the real one
    if (head.status >= 100 && head.status < 200 && head.status !== 101) return end.next;
    this.frame(head);
    this.events.onHead(head);
    return end.next;
  }

  /** Chooses how the body is delimited. */
  private frame(head: ResponseHead): void {
    const { status, headers } = head;
    if (this.headRequest || status === 101 || status === 204 || status === 304) {
      this.state = 'done';
      return;
    }
    const te = headers['transfer-encoding'];
    if (te !== undefined) {
      // chunked as the last coding frames the body (and overrides any Content-Length)
      const codings = te.split(',');
      this.state =
        codings[codings.length - 1]!.trim().toLowerCase() === 'chunked'
          ? 'chunk-size'
          : 'until-close';
      return;
    }
    const length = headers['content-length'];
    if (length === undefined) {
      this.state = 'until-close';
      return;
    }
    this.left = contentLength(length);
    this.state = this.left === 0 ? 'done' : 'length';
  }

  private readChunkSize(data: Buffer, at: number): number {
    const newline = data.indexOf(0x0a, at);
    if (newline < 0) {
      if (data.length - at > MAX_CHUNK_LINE) throw protocol('a chunk size line is too long');
      return -1;
    }
    const line = data.toString('latin1', at, newline).replace(/\r$/, '');
    const size = line.split(';', 1)[0]!.trim();
    if (!CHUNK_SIZE.test(size))
      throw protocol(`invalid chunk size ${JSON.stringify(line.slice(0, 40))}`);
    this.left = parseInt(size, 16);
    this.state = this.left === 0 ? 'trailers' : 'chunk-data';
    return newline + 1;
  }

  /** Trailer fields after the last chunk are read and dropped, up to the empty line. */
  private readTrailer(data: Buffer, at: number): number {
    const newline = data.indexOf(0x0a, at);
    if (newline < 0) {
      if (this.trailerBytes + data.length - at > MAX_HEAD_BYTES) throw overflow();
      return -1;
    }
    this.trailerBytes += newline + 1 - at;
    if (this.trailerBytes > MAX_HEAD_BYTES) throw overflow();
    const empty = newline === at || (newline === at + 1 && data[at] === 0x0d);
    if (empty) this.state = 'done';
    return newline + 1;
  }
}

/** Where the head's text ends and what follows it starts (CRLF CRLF, or bare LF LF). */
function headEnd(data: Buffer, from: number): { text: number; next: number } | undefined {
  for (let i = data.indexOf(0x0a, from); i >= 0; i = data.indexOf(0x0a, i + 1)) {
    if (data[i + 1] === 0x0a) return { text: i, next: i + 2 };
    if (data[i + 1] === 0x0d) {
      if (i + 2 >= data.length) return undefined;
      if (data[i + 2] === 0x0a) return { text: i, next: i + 3 };
    }
  }
  return undefined;
}

export function parseHead(text: string): ResponseHead {
  const lines = text.split('\n');
  const statusLine = lines[0]!.replace(/\r$/, '');
  const match = STATUS_LINE.exec(statusLine);
  if (!match)
    throw protocol(`not an HTTP/1.x response: ${JSON.stringify(statusLine.slice(0, 60))}`);
  const headers: Record<string, string> = {};
  let last: string | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line === '') continue;
    if (line[0] === ' ' || line[0] === '\t') {
      // an obsolete folded line continues the previous header's value
      if (last === undefined) throw protocol('the response head starts with a folded line');
      headers[last] = `${headers[last]} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon) : '';
    if (!HTTP_TOKEN.test(name))
      throw protocol(`a malformed header line ${JSON.stringify(line.slice(0, 60))}`);
    const key = name.toLowerCase();
    const value = line.slice(colon + 1).trim();
    const known = headers[key];
    if (known === undefined) headers[key] = value;
    else if (key === 'content-length') {
      if (known !== value) throw protocol('the response has two different Content-Length headers');
    } else if (!ONCE.has(key)) headers[key] = `${known}, ${value}`;
    last = key;
  }
  return { status: Number(match[1]), headers };
}

function contentLength(value: string): number {
  if (!/^\d{1,15}$/.test(value))
    throw protocol(`invalid Content-Length ${JSON.stringify(value.slice(0, 40))}`);
  return Number(value);
}

function protocol(message: string): ClassifiedError {
  return new ClassifiedError('protocol', message);
}

function overflow(): ClassifiedError {
  return protocol(`the response head is over ${MAX_HEAD_BYTES / 1024} KiB`);
}
