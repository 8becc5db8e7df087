#!/usr/bin/env node
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { Inbox } from './received.js';
import { createSmtpSink } from './smtp-sink.js';
import { createWebhookSink } from './webhook-sink.js';

const USAGE = `usage: alert-sinks [--host 127.0.0.1] [--http-port 9200] [--smtp-port 2525] [--fail-with STATUS]
  POST http://HOST:HTTP_PORT/hook   webhooks (signature checked with AETHER_WEBHOOK_SECRET when set)
  GET  http://HOST:HTTP_PORT/messages  what both sinks received
  smtp://HOST:SMTP_PORT             any user and password, no TLS`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      'http-port': { type: 'string', default: '9200' },
      'smtp-port': { type: 'string', default: '2525' },
      'fail-with': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  const inbox = new Inbox();
  const secret = process.env.AETHER_WEBHOOK_SECRET || undefined;
  const failWith = values['fail-with'] ? Number(values['fail-with']) : undefined;
  const http = createWebhookSink({
    inbox,
    ...(secret ? { secret } : {}),
    ...(failWith ? { failWith } : {}),
  });
  const smtp = createSmtpSink({ inbox });
  await new Promise<void>((resolve) =>
    http.listen(Number(values['http-port']), values.host, resolve),
  );
  await new Promise<void>((resolve) =>
    smtp.listen(Number(values['smtp-port']), values.host, resolve),
  );
  const httpPort = (http.address() as AddressInfo).port;
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  console.log(
    `[sinks] webhook on http://${values.host}:${httpPort}/hook${secret ? ' (signed)' : ''}`,
  );
  console.log(
    `[sinks] smtp on smtp://${values.host}:${smtpPort}; received: http://${values.host}:${httpPort}/messages`,
  );
  const stop = () => {
    http.close();
    smtp.close(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
