import { afterEach, describe, expect, it } from 'vitest';
import { screenshot } from '../lib/browser.js';
import { stackPerFile } from '../lib/scenario.js';
import { openShell, signIn, waitForPanelState, waitForText } from '../lib/shell-page.js';
import { EXTERNAL, TOKENS, gatewayApi, setSampleMode } from '../lib/stack.js';

// auth in examples/aether.config.yaml: health every 5 s, failAfter 2, recoverAfter 1; the demo
// route sends every alert to the webhook sink (examples/alert-sinks, 127.0.0.1:9200) after
// groupWait 10 s. The bounds below are generous for a loaded 2-core CI machine.
const SINK_URL = process.env.E2E_ALERT_SINK_URL ?? 'http://127.0.0.1:9200';
const FIRING_WITHIN_MS = 60_000;
const MESSAGE_WITHIN_MS = 90_000;
const POLL_MS = 250;

const env = stackPerFile();

afterEach(async () => {
  await setSampleMode('auth', 'ok');
});

interface SinkMessage {
  sink: 'webhook' | 'smtp';
  summary: string;
  body: unknown;
}

/** What the webhook sink received for auth, by kind (firing, resolved…). */
async function webhookMessagesFor(serviceId: string, kind: string): Promise<SinkMessage[]> {
  const response = await fetch(`${SINK_URL}/messages`);
  if (!response.ok) throw new Error(`GET ${SINK_URL}/messages answered ${response.status}`);
  const { messages } = (await response.json()) as { messages: SinkMessage[] };
  return messages.filter((m) => {
    if (m.sink !== 'webhook') return false;
    const body = m.body as { kind?: string; alerts?: { service?: { id?: string } }[] };
    return body.kind === kind && (body.alerts ?? []).some((a) => a.service?.id === serviceId);
  });
}

/** Polls until `read` answers something truthy, or fails with `what` after `timeout`. */
async function until<T>(what: string, read: () => Promise<T>, timeout: number): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

// The Compose stack runs its own config with no alerting block and no sinks (the demo's sinks are
// loopback processes of `npm start`), so the scenario runs against the local stack only.
describe.skipIf(EXTERNAL)(
  `an alert from a broken sample service${EXTERNAL ? ' (skipped: the Compose stack has no alert sinks)' : ''}`,
  () => {
    it('fires in the Alerts page and at the webhook sink once, is acknowledged, then resolves once', async () => {
      // a first "up" must be in before the break, so the alert below is a transition
      await until(
        'auth up',
        async () => {
          const response = await gatewayApi('GET', '/api/services/auth', TOKENS.operator);
          if (!response.ok) return false;
          const service = (await response.json()) as { status?: string };
          return service.status === 'up';
        },
        FIRING_WITHIN_MS,
      );

      const { context, page } = await openShell(env.browser, '/p/interaction');
      try {
        await waitForPanelState(page, 'interaction', 'ready');
        await signIn(page, TOKENS.operator);
        const panel = page.locator('[data-panel-id="interaction"]');
        await panel.getByRole('link', { name: 'Alerts', exact: true }).click();

        await setSampleMode('auth', 'fail');
        const firing = panel
          .getByRole('list', { name: 'Firing alerts' })
          .getByRole('article', { name: /^Auth/ });
        await firing.waitFor({ timeout: FIRING_WITHIN_MS });
        await waitForText(firing, 'Firing');

        await until(
          'a firing webhook for auth',
          async () => (await webhookMessagesFor('auth', 'firing')).length > 0,
          MESSAGE_WITHIN_MS,
        );
        expect(await webhookMessagesFor('auth', 'firing')).toHaveLength(1);

        await firing.getByRole('button', { name: 'Acknowledge', exact: true }).click();
        const dialog = page.getByRole('dialog', { name: /Acknowledge the alert on Auth/ });
        await dialog.getByLabel('Comment').fill('looking into it (e2e)');
        await dialog.getByRole('button', { name: 'Acknowledge alert' }).click();
        await dialog.waitFor({ state: 'detached' });
        const acknowledged = panel
          .getByRole('list', { name: 'Acknowledged alerts' })
          .getByRole('article', { name: /^Auth/ });
        await waitForText(acknowledged, /Acknowledged by demo-operator/);
        await waitForText(acknowledged, /looking into it \(e2e\)/);
        await screenshot(page, 'alerts-acknowledged-desktop');

        await setSampleMode('auth', 'ok');
        const resolved = panel
          .getByRole('list', { name: 'Recently resolved alerts' })
          .getByRole('article', { name: /^Auth/ });
        await resolved.waitFor({ timeout: FIRING_WITHIN_MS });
        await waitForText(resolved, 'Resolved');
        await panel
          .getByRole('list', { name: 'Firing alerts' })
          .getByRole('article', { name: /^Auth/ })
          .waitFor({ state: 'detached' });

        await until(
          'a resolved webhook for auth',
          async () => (await webhookMessagesFor('auth', 'resolved')).length > 0,
          MESSAGE_WITHIN_MS,
        );
        expect(await webhookMessagesFor('auth', 'resolved')).toHaveLength(1);
        expect(await webhookMessagesFor('auth', 'firing')).toHaveLength(1);
        await screenshot(page, 'alerts-resolved-desktop');
      } finally {
        await context.close();
      }
    }, 240_000);
  },
);
