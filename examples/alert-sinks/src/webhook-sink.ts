import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Inbox } from './received.js';

export interface WebhookSinkOptions {
  inbox: Inbox;
  /** Checks X-Aether-Signature with it; unsigned or wrongly signed posts get 401. */
  secret?: string;
  log?: (line: string) => void;
  /** Answers this status to every POST (to watch the gateway retry): e.g. 503. */
  failWith?: number;
}

/**
 * POST /hook receives the gateway's webhooks (and Slack-style posts); GET /messages lists what
 * both sinks received. Bodies are capped at 1 MiB.
 */
export function createWebhookSink(options: WebhookSinkOptions): Server {
  const log = options.log ?? ((line: string) => console.log(line));
  return createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/messages') {
      return json(res, 200, {
        messages: options.inbox.messages,
        duplicates: options.inbox.duplicates,
      });
    }
    if (req.method !== 'POST') return json(res, 405, { error: 'POST a webhook, or GET /messages' });
    void readBody(req).then(
      (raw) => receive(req, res, raw, options, log),
      () => json(res, 413, { error: 'body too large' }),
    );
  });
}

function receive(
  req: IncomingMessage,
  res: ServerResponse,
  raw: Buffer,
  options: WebhookSinkOptions,
  log: (line: string) => void,
): void {
  const signature = header(req, 'x-aether-signature');
  const verified = options.secret ? signatureMatches(options.secret, raw, signature) : null;
  if (verified === false) {
    log(`[webhook] refused a post with a bad or missing signature`);
    return json(res, 401, { error: 'signature does not match' });
  }
  if (options.failWith) return json(res, options.failWith, { error: 'failing on purpose' });
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return json(res, 400, { error: 'expected a JSON body' });
  }
  const payload = body as {
    kind?: string;
    text?: string;
    alerts?: { service?: { id?: string } }[];
  };
  const summary = payload.kind ?? payload.text ?? 'message';
  const delivery = header(req, 'x-aether-delivery');
  const fresh = options.inbox.add({
    sink: 'webhook',
    receivedAt: new Date().toISOString(),
    delivery,
    verified,
    summary,
    body,
  });
  const services = (payload.alerts ?? []).map((a) => a.service?.id).join(', ');
  log(
    `[webhook] ${fresh ? '' : '(retry of a delivery already received) '}${summary}${services ? `: ${services}` : ''}`,
  );
  json(res, 200, { ok: true });
}

export function signatureMatches(secret: string, raw: Buffer, signature: string | null): boolean {
  if (!signature?.startsWith('sha256=')) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(raw).digest('hex'));
  const given = Buffer.from(signature.slice('sha256='.length));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
}

function readBody(req: IncomingMessage, limit = 1_048_576): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
