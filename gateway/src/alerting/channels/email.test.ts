import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { emailChannel } from './email.js';
import { sampleAlert, sampleNotification, SENT_AT } from './sample-notification.js';

const PASSWORD = 'smtp-pass-0123456789';

interface Received {
  from: string;
  to: string[];
  raw: string;
  user?: string;
}

/** A real SMTP server on loopback (smtp-server), plain SMTP with AUTH, recording each mail. */
async function startSmtp(options: Partial<SMTPServerOptions> = {}) {
  const mails: Received[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.password === PASSWORD) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid credentials'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: session.user as string | undefined,
        });
        callback();
      });
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { server, port, mails };
}

const servers: SMTPServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise<void>((r) => server.close(() => r()));
});

const channel = (port: number, smtp = `smtp://aether:\${SMTP_PASSWORD}@127.0.0.1:${port}`) =>
  emailChannel.create(
    { id: 'mail', type: 'email', smtp, from: 'aether@example.test', to: ['${ONCALL_MAIL}'] },
    {
      env: { SMTP_PASSWORD: PASSWORD, ONCALL_MAIL: 'oncall@example.test' },
      now: () => Date.parse(SENT_AT),
      timeoutMs: 5000,
    },
  );

describe('email channel', () => {
  it('sends one mail with a plain-text and an HTML part, authenticated with the resolved password', async () => {
    const smtp = await startSmtp();
    servers.push(smtp.server);
    const message = sampleNotification({
      channelId: 'mail',
      alerts: [sampleAlert('orders'), sampleAlert('auth')],
    });
    expect(await channel(smtp.port).send(message, SENT_AT)).toEqual({
      outcome: 'delivered',
      status: 250,
    });
    expect(smtp.mails).toHaveLength(1);
    const [mail] = smtp.mails;
    expect(mail).toMatchObject({
      from: 'aether@example.test',
      to: ['oncall@example.test'],
      user: 'aether',
    });
    expect(mail!.raw).toMatch(/^Subject: \[FIRING\] 2 services failing$/m);
    expect(mail!.raw).toMatch(/^X-Aether-Delivery: msg-1$/m);
    expect(mail!.raw).toMatch(/Content-Type: multipart\/alternative/);
    const plain = mail!.raw.indexOf('Content-Type: text/plain');
    const html = mail!.raw.indexOf('Content-Type: text/html');
    expect(plain).toBeGreaterThan(0);
    expect(html).toBeGreaterThan(plain);
    expect(mail!.raw.slice(plain, html)).toContain('check health (http)');
    expect(mail!.raw.slice(html)).toContain('<li>');
  });

  it.each([
    ['a 4xx reply is transient', 451, true],
    ['a 5xx reply is final', 550, false],
  ])('%s', async (_name, code, retryable) => {
    const smtp = await startSmtp({
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error('mailbox says no'), { responseCode: code }));
      },
    });
    servers.push(smtp.server);
    const outcome = await channel(smtp.port).send(sampleNotification(), SENT_AT);
    expect(outcome).toMatchObject({ outcome: 'failed', retryable, status: code });
    expect(smtp.mails).toHaveLength(0);
  });

  it('wrong credentials are final, and the password is not in the error', async () => {
    const smtp = await startSmtp();
    servers.push(smtp.server);
    const outcome = await emailChannel
      .create(
        {
          id: 'mail',
          type: 'email',
          smtp: `smtp://aether:wrong-password-here@127.0.0.1:${smtp.port}`,
          from: 'aether@example.test',
          to: ['oncall@example.test'],
        },
        { env: {}, now: () => 0, timeoutMs: 5000 },
      )
      .send(sampleNotification(), SENT_AT);
    expect(outcome).toMatchObject({ outcome: 'failed', retryable: false });
    expect(JSON.stringify(outcome)).not.toContain('wrong-password-here');
  });

  it('a server that is not there is transient', async () => {
    const smtp = await startSmtp();
    const { port } = smtp;
    await new Promise<void>((r) => smtp.server.close(() => r()));
    expect(await channel(port).send(sampleNotification(), SENT_AT)).toMatchObject({
      outcome: 'failed',
      retryable: true,
    });
  });

  it.each([
    ['smtp://127.0.0.1:25', []],
    ['smtps://u:${P}@mail.example.test', []],
    ['${SMTP_URL}', []],
    ['http://127.0.0.1:25', [{ path: ['smtp'], message: expect.stringContaining('smtp://') }]],
  ])('validate %s', (smtp, problems) => {
    const config = { id: 'm', type: 'email' as const, smtp, from: 'a@b.c', to: ['d@e.f'] };
    expect(emailChannel.validate(config)).toEqual(problems);
  });
});
