/** One decoded Server-Sent Event. */
export interface SseMessage {
  id: string | null;
  event: string;
  data: string;
}

/**
 * A minimal SSE client over fetch: unlike EventSource it lets a test send Last-Event-ID itself,
 * see comments (heartbeats), and wait for a given event.
 */
export class SseReader {
  readonly messages: SseMessage[] = [];
  readonly comments: string[] = [];
  /** What an EventSource would send as Last-Event-ID: the last `id:` field, with or without data. */
  lastEventId: string | null = null;
  private buffer = '';
  private waiters: Array<() => void> = [];
  private ended = false;
  private readonly controller = new AbortController();
  status = 0;
  headers: Headers | undefined;

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseReader> {
    const reader = new SseReader();
    const response = await fetch(url, {
      headers: { accept: 'text/event-stream', ...headers },
      signal: reader.controller.signal,
    });
    reader.status = response.status;
    reader.headers = response.headers;
    if (response.body) void reader.pump(response.body);
    else reader.ended = true;
    return reader;
  }

  private async pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    try {
      // text with no frame end yet, kept in parts: appending to one string and searching it
      // on every chunk made a 20 MB snapshot cost quadratic time (seconds; a timeout under load)
      const parts: string[] = [];
      for await (const chunk of body) {
        const text = decoder.decode(chunk, { stream: true });
        if (text === '') continue;
        const ends =
          text.includes('\n\n') ||
          (text.startsWith('\n') && (parts.at(-1) ?? this.buffer).endsWith('\n'));
        if (!ends) {
          parts.push(text);
          continue;
        }
        this.buffer += parts.join('') + text;
        parts.length = 0;
        let end: number;
        while ((end = this.buffer.indexOf('\n\n')) >= 0) {
          this.parse(this.buffer.slice(0, end));
          this.buffer = this.buffer.slice(end + 2);
        }
        this.wake();
      }
    } catch {
      // aborted or reset: the stream is over either way
    }
    this.ended = true;
    this.wake();
  }

  private parse(block: string): void {
    let id: string | null = null;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      else if (line.startsWith('id: ')) this.lastEventId = id = line.slice(4);
      else if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (data.length) this.messages.push({ id, event, data: data.join('\n') });
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** Resolves with the first message (from the start of the stream) matching, or rejects when the stream ends. */
  async next(match: (m: SseMessage) => boolean): Promise<SseMessage> {
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      if (this.ended)
        throw new Error(
          `stream ended; got ${this.messages.map((m) => m.event).join(', ') || 'nothing'}`,
        );
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Resolves when the server has closed the stream. */
  async closedByServer(): Promise<void> {
    while (!this.ended) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Resolves once a comment matching has arrived. */
  async comment(match: RegExp): Promise<string> {
    for (;;) {
      const found = this.comments.find((c) => match.test(c));
      if (found) return found;
      if (this.ended) throw new Error('stream ended without that comment');
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  close(): void {
    this.controller.abort();
  }
}
