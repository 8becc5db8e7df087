import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** What a sink saw of one delivery id (`X-Aether-Delivery`): retries of it are counted, not kept. */
export interface Delivery {
  id: string;
  /** Performance-clock ms of the first arrival. */
  firstAt: number;
  /** Wall-clock ms of the first arrival (to compare with the payload's ISO times). */
  firstAtWall: number;
  /** Arrivals of this id; more than 1 is a message received twice. */
  count: number;
  /** Webhook: the parsed payload of the first arrival; mail: its raw text. */
  body: unknown;
}

export interface SinkTally {
  /** By delivery id, in arrival order. */
  readonly deliveries: Map<string, Delivery>;
  /** Posts or mails without a delivery id, or (webhook) with a signature that does not match. */
  readonly rejected: number;
  /** Arrivals of an id already received. */
  readonly duplicates: number;
}

function tally() {
  const deliveries = new Map<string, Delivery>();
  const state = { rejected: 0, duplicates: 0 };
  return {
    deliveries,
    state,
    add(id: string | undefined, body: () => unknown): boolean {
      if (!id) {
        state.rejected++;
        return false;
      }
      const seen = deliveries.get(id);
      if (seen) {
        seen.count++;
        state.duplicates++;
        return true;
      }
      deliveries.set(id, {
        id,
        firstAt: performance.now(),
        firstAtWall: Date.now(),
        count: 1,
        body: body(),
      });
      return true;
    },
  };
}

export interface WebhookSink extends SinkTally {
  port: number;
  close(): Promise<void>;
}

/**
 * A webhook receiver on loopback that checks `X-Aether-Signature` (HMAC-SHA256 of the raw body)
 * and counts deliveries by `X-Aether-Delivery`. `status` answers every post with that status
 * instead (e.g. 503) until set back to 200. No body limit: a 1,000-alert message is one post.
 */
export async function startWebhookSink(
  options: { secret: string; port?: number } & { status?: number },
): Promise<WebhookSink & { status: number }> {
  const t = tally();
  const sink = {
    port: 0,
    status: options.status ?? 200,
    deliveries: t.deliveries,
    get rejected() {
      return t.state.rejected;
    },
    get duplicates() {
      return t.state.duplicates;
    },
    close: () => Promise.resolve(),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (sink.status !== 200) {
        res.writeHead(sink.status).end();
        return;
      }
      const raw = Buffer.concat(chunks);
      const expected = `sha256=${createHmac('sha256', options.secret).update(raw).digest('hex')}`;
      const given = String(req.headers['x-aether-signature'] ?? '');
      const signed =
        given.length === expected.length &&
        timingSafeEqual(Buffer.from(given), Buffer.from(expected));
      const id = req.headers['x-aether-delivery'];
      const ok =
        signed && t.add(typeof id === 'string' ? id : undefined, () => JSON.parse(raw.toString()));
      if (!signed) t.state.rejected++;
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  sink.port = (server.address() as AddressInfo).port;
  sink.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return sink;
}

export interface SmtpSink extends SinkTally {
  port: number;
  close(): Promise<void>;
}

/** A plain SMTP server on loopback (smtp-server: no TLS, any login) counting mails by `X-Aether-Delivery`. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const t = tally();
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: true,
    logger: false,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username });
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const head = (raw.split(/\r?\n\r?\n/, 1)[0] ?? '').replace(/\r?\n[ \t]+/g, ' ');
        const id = /^X-Aether-Delivery:[ \t]*(.*)$/im.exec(head)?.[1]?.trim();
        t.add(id, () => raw);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    deliveries: t.deliveries,
    get rejected() {
      return t.state.rejected;
    },
    get duplicates() {
      return t.state.duplicates;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
