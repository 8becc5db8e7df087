import { SMTPServer } from 'smtp-server';
import type { Inbox } from './received.js';

export interface SmtpSinkOptions {
  inbox: Inbox;
  log?: (line: string) => void;
}

/**
 * A plain SMTP server for the demo: any user and password, no TLS (loopback only), every mail
 * kept in the inbox and announced by its subject.
 */
export function createSmtpSink(options: SmtpSinkOptions): SMTPServer {
  const log = options.log ?? ((line: string) => console.log(line));
  return new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: true,
    logger: false,
    size: 1_048_576,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const subject = headerOf(raw, 'Subject') ?? '(no subject)';
        const delivery = headerOf(raw, 'X-Aether-Delivery');
        const to = session.envelope.rcptTo.map((r) => r.address).join(', ');
        const fresh = options.inbox.add({
          sink: 'smtp',
          receivedAt: new Date().toISOString(),
          delivery,
          verified: null,
          summary: subject,
          body: raw,
        });
        log(`[smtp] ${fresh ? '' : '(retry) '}to ${to}: ${subject}`);
        callback();
      });
    },
  });
}

/** A header of a raw message, unfolded; enough for Subject and X-Aether-Delivery. */
export function headerOf(raw: string, name: string): string | null {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const match = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(unfolded);
  return match ? match[1]!.trim() : null;
}
