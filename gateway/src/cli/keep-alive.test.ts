import { Agent, get, type IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  API_TOKENS,
  startGatewayUnderTest,
  type GatewayUnderTest,
} from '../testing/gateway-under-test.js';

let gw: GatewayUnderTest | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

interface Answer {
  res: IncomingMessage;
  /** Whether the request went out on a connection an earlier one had left open. */
  reused: boolean;
}

/** A GET through this agent; resolves once the response's headers are in. */
function request(agent: Agent, url: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent, headers: { authorization: `Bearer ${API_TOKENS.viewer}` } });
    req.on('response', (res) => resolve({ res, reused: req.reusedSocket }));
    req.on('error', reject);
  });
}

const drained = (res: IncomingMessage) =>
  new Promise<void>((resolve) => res.resume().on('end', resolve));

// Node 20's own default: 5 s, and the socket ends 1 s after that.
const OLD_IDLE_END_MS = 6_000;

describe('keep-alive connections', () => {
  it('stay open when idle past the old 5 s timeout, so a scraper reusing one after a pause is not reset', async () => {
    gw = await startGatewayUnderTest();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await request(agent, `${gw.url}/metrics`);
      expect(first.res.statusCode).toBe(200);
      // clients (undici/fetch) keep a connection for the time this hint says, less a second
      expect(first.res.headers['keep-alive']).toBe('timeout=65');
      await drained(first.res);

      // The idle timeout itself is what this test is about: no event stands for "the old one
      // passed", so it waits for it.
      await new Promise((resolve) => setTimeout(resolve, OLD_IDLE_END_MS + 500));

      const second = await request(agent, `${gw.url}/metrics`);
      expect(second.res.statusCode).toBe(200);
      expect(second.reused).toBe(true);
      await drained(second.res);
    } finally {
      agent.destroy();
    }
  });

  it('do not hold a shutdown: a connection whose response ends while the gateway closes is closed then', async () => {
    // no cut of open connections within the test's time: only the gateway's own closing ends them
    gw = await startGatewayUnderTest({ shutdownTimeoutMs: 10 * 60_000 });
    const { gateway } = gw;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      // the gateway starts closing once it has the request, before it answers
      let closing: Promise<void> | undefined;
      gateway.server.once('request', () => (closing = gateway.close()));
      const answer = await request(agent, `${gw.url}/health`);
      expect(answer.res.statusCode).toBe(200);
      const socketClosed = new Promise<void>((resolve) => answer.res.socket.once('close', resolve));
      await drained(answer.res);

      // answered with keep-alive, yet the connection must not stay until its idle timeout
      await socketClosed;
      await closing;
    } finally {
      agent.destroy();
    }
  });
});
