import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { Inbox } from './received.js';
import { createSmtpSink, headerOf } from './smtp-sink.js';
import { createWebhookSink } from './webhook-sink.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function webhookSink(options: { secret?: string; failWith?: number } = {}) {
  const inbox = new Inbox();
  const lines: string[] = [];
  const server = createWebhookSink({ inbox, log: (l) => lines.push(l), ...options });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { inbox, lines, base };
}

const payload = JSON.stringify({
  version: 1,
  kind: 'firing',
  groupKey: 'route-0/oncall',
  sentAt: '2026-01-01T00:00:00.000Z',
  alerts: [{ id: 'al-1', service: { id: 'orders' } }],
});
const sign = (secret: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('webhook sink', () => {
  it.each([
    ['no secret configured, unsigned', undefined, {}, 200, null],
    ['signed correctly', 's3cret', { 'x-aether-signature': sign('s3cret', payload) }, 200, true],
    [
      'signed with another secret',
      's3cret',
      { 'x-aether-signature': sign('other', payload) },
      401,
      undefined,
    ],
    ['unsigned while a secret is set', 's3cret', {}, 401, undefined],
  ])('%s → %i', async (_name, secret, headers, status, verified) => {
    const sink = await webhookSink(secret ? { secret } : {});
    const res = await post(`${sink.base}/hook`, payload, { 'x-aether-delivery': 'd1', ...headers });
    expect(res.status).toBe(status);
    expect(sink.inbox.messages.map((m) => m.verified)).toEqual(
      verified === undefined ? [] : [verified],
    );
  });

  it('lists a delivery once, however often it is retried', async () => {
    const sink = await webhookSink();
    for (let i = 0; i < 3; i++)
      await post(`${sink.base}/hook`, payload, { 'x-aether-delivery': 'd1' });
    await post(`${sink.base}/hook`, payload, { 'x-aether-delivery': 'd2' });
    const listed = (await (await fetch(`${sink.base}/messages`)).json()) as {
      messages: { delivery: string; summary: string }[];
      duplicates: number;
    };
    expect(listed.messages.map((m) => [m.delivery, m.summary])).toEqual([
      ['d1', 'firing'],
      ['d2', 'firing'],
    ]);
    expect(listed.duplicates).toBe(2);
    expect(sink.lines[0]).toBe('[webhook] firing: orders');
  });

  it('fails on purpose when told to, so retries can be watched', async () => {
    const sink = await webhookSink({ failWith: 503 });
    expect((await post(`${sink.base}/hook`, payload)).status).toBe(503);
    expect(sink.inbox.messages).toEqual([]);
  });
});

describe('smtp sink', () => {
  it('accepts a mail with any credentials and lists it by subject', async () => {
    const inbox = new Inbox();
    const lines: string[] = [];
    const server = createSmtpSink({ inbox, log: (l) => lines.push(l) });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const port = (server.server.address() as AddressInfo).port;
    const transport = nodemailer.createTransport({
      url: `smtp://user:pw@127.0.0.1:${port}`,
    } as never);
    await transport.sendMail({
      from: 'aether@example.test',
      to: 'oncall@example.test',
      subject: '[FIRING] Orders failing: status: expected 200, actual 503',
      text: 'orders is down',
      headers: { 'X-Aether-Delivery': 'm1' },
    });
    transport.close();
    expect(inbox.messages).toMatchObject([
      {
        sink: 'smtp',
        delivery: 'm1',
        summary: '[FIRING] Orders failing: status: expected 200, actual 503',
      },
    ]);
    expect(lines).toEqual([
      '[smtp] to oncall@example.test: [FIRING] Orders failing: status: expected 200, actual 503',
    ]);
  });

  it.each([
    ['Subject: hello\r\n\r\nbody', 'Subject', 'hello'],
    ['Subject: a long\r\n  folded line\r\nX: y\r\n\r\n', 'Subject', 'a long folded line'],
    ['X: y\r\n\r\nSubject: in the body', 'Subject', null],
  ])('headerOf(%j, %s) → %s', (raw, name, expected) => {
    expect(headerOf(raw, name)).toBe(expected);
  });
});
