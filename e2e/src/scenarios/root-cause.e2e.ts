import { afterEach, describe, expect, it } from 'vitest';
import { screenshot } from '../lib/browser.js';
import { stackPerFile } from '../lib/scenario.js';
import { openShell, waitForPanelState, waitForText } from '../lib/shell-page.js';
import { EXTERNAL, TOKENS, gatewayApi, setSampleMode } from '../lib/stack.js';

// examples/aether.config.yaml: db (Database) every 5 s, orders and cart every 10 s, all with
// failAfter 2; orders and cart have dependsOn: [db]; every alert goes to the demo's webhook sink
// (examples/alert-sinks, 127.0.0.1:9200) and mailbox after groupWait 10 s. Bounds are generous
// for a loaded 2-core CI machine.
const SINK_URL = process.env.E2E_ALERT_SINK_URL ?? 'http://127.0.0.1:9200';
const DOWN_WITHIN_MS = 60_000;
const MESSAGE_WITHIN_MS = 90_000;
const POLL_MS = 250;
const DEPENDENTS = ['orders', 'cart'] as const;

const env = stackPerFile();

afterEach(async () => {
  for (const name of ['db', ...DEPENDENTS] as const) await setSampleMode(name, 'ok');
});

interface SinkMessage {
  sink: 'webhook' | 'smtp';
  receivedAt: string;
  /** X-Aether-Delivery: the id of the gateway's message. */
  delivery: string | null;
  summary: string;
  body: unknown;
}

interface ServiceBody {
  status?: string;
  rootCause?: { serviceId: string; checkId: string } | null;
}

interface AlertBody {
  state: string;
  service: { id: string };
  rootCause?: { serviceId: string };
  messages: { id: string; channel: string; kind: string }[];
}

/** Webhooks received since `sinceMs` that carry one of the services; every mail since then, by delivery id. */
async function messagesSince(
  sinceMs: number,
): Promise<{ webhooks: { kind: string; services: string[] }[]; mails: (string | null)[] }> {
  const response = await fetch(`${SINK_URL}/messages`);
  if (!response.ok) throw new Error(`GET ${SINK_URL}/messages answered ${response.status}`);
  const { messages } = (await response.json()) as { messages: SinkMessage[] };
  const recent = messages.filter((m) => Date.parse(m.receivedAt) >= sinceMs);
  const ours = new Set(['db', ...DEPENDENTS]);
  const webhooks = recent
    .filter((m) => m.sink === 'webhook')
    .map((m) => {
      const body = m.body as { kind?: string; alerts?: { service?: { id?: string } }[] };
      return {
        kind: body.kind ?? '',
        services: (body.alerts ?? []).map((a) => a.service?.id ?? ''),
      };
    })
    .filter((w) => w.services.some((id) => ours.has(id)));
  const mails = recent.filter((m) => m.sink === 'smtp').map((m) => m.delivery);
  return { webhooks, mails };
}

async function service(id: string): Promise<ServiceBody> {
  const response = await gatewayApi('GET', `/api/services/${id}`, TOKENS.operator);
  if (!response.ok) throw new Error(`GET /api/services/${id} answered ${response.status}`);
  return (await response.json()) as ServiceBody;
}

async function alertsOf(id: string): Promise<AlertBody[]> {
  const response = await gatewayApi(
    'GET',
    `/api/alerts?service=${id}&state=firing,acknowledged,suppressed`,
    TOKENS.operator,
  );
  if (!response.ok) throw new Error(`GET /api/alerts answered ${response.status}`);
  return (await response.json()) as AlertBody[];
}

/** Polls until `read` answers something other than false or undefined, or fails with `what` after `timeout`. */
async function until<T>(
  what: string,
  read: () => Promise<T | false | undefined>,
  timeout: number,
): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (value !== false && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

// Like alerting.e2e.ts: the Compose stack runs its own config (no dependsOn, no db sample, no
// sinks), so this runs against the local stack only.
describe.skipIf(EXTERNAL)(
  `a database outage${EXTERNAL ? ' (skipped: the Compose stack has no db sample nor alert sinks)' : ''}`,
  () => {
    it('shows one root cause with its dependents caused by it, their alerts suppressed, and one message sent', async () => {
      for (const id of ['db', ...DEPENDENTS])
        await until(`${id} up`, async () => (await service(id)).status === 'up', DOWN_WITHIN_MS);

      const { context, page } = await openShell(env.browser, '/p/health');
      try {
        await waitForPanelState(page, 'health', 'ready');
        const brokeAt = Date.now();
        // the database first; once it is down, what needs it fails too (as an app whose database
        // went away would), so each dependent goes down with db as its root cause
        await setSampleMode('db', 'fail');
        await until('db down', async () => (await service('db')).status === 'down', DOWN_WITHIN_MS);
        for (const name of DEPENDENTS) await setSampleMode(name, 'fail');
        for (const id of DEPENDENTS)
          await until(
            `${id} down, caused by db`,
            async () => {
              const s = await service(id);
              return s.status === 'down' && s.rootCause?.serviceId === 'db';
            },
            DOWN_WITHIN_MS,
          );

        // alerts: db's fires, each dependent's is suppressed and names db
        const dbAlerts = await until(
          'db alert firing',
          async () => {
            const alerts = await alertsOf('db');
            return alerts.some((a) => a.state === 'firing') && alerts;
          },
          MESSAGE_WITHIN_MS,
        );
        expect(dbAlerts.map((a) => a.state)).toEqual(['firing']);
        for (const id of DEPENDENTS) {
          const alerts = await until(
            `${id} alert suppressed`,
            async () => {
              const found = await alertsOf(id);
              return found.length > 0 && found;
            },
            MESSAGE_WITHIN_MS,
          );
          expect(alerts.map((a) => [a.state, a.rootCause?.serviceId])).toEqual([
            ['suppressed', 'db'],
          ]);
          expect(alerts[0]!.messages).toEqual([]);
        }

        // the sinks: one firing webhook carrying db alone, one mail. Nothing can follow for the
        // dependents: their alerts are suppressed with no message in the outbox (above), and a
        // message is written there before it is sent, so no sleep is needed to prove it
        await until(
          'a firing webhook for db',
          async () => (await messagesSince(brokeAt)).webhooks.length > 0,
          MESSAGE_WITHIN_MS,
        );
        const received = await messagesSince(brokeAt);
        expect(received.webhooks).toEqual([{ kind: 'firing', services: ['db'] }]);
        // the mail of db's alert arrived, once; the dependents' alerts have no message at all
        const [dbAlert] = await alertsOf('db');
        const dbMail = dbAlert!.messages.filter((m) => m.channel === 'mail');
        expect(dbMail.map((m) => m.kind)).toEqual(['firing']);
        expect(received.mails.filter((id) => id === dbMail[0]!.id)).toHaveLength(1);
        for (const id of DEPENDENTS) expect((await alertsOf(id))[0]!.messages).toEqual([]);

        // the list: the database down, its dependents down and caused by it
        await page
          .locator('[data-service-id="db"][data-status="down"]')
          .waitFor({ timeout: DOWN_WITHIN_MS });
        for (const id of DEPENDENTS) {
          const row = page.locator(`[data-service-id="${id}"][data-status="down"]`);
          await row.waitFor({ timeout: DOWN_WITHIN_MS });
          await waitForText(row, 'caused by Database');
        }
        await screenshot(page, 'root-cause-list-desktop');

        // the outage grouped under its root cause: Database → 2 dependents, listed under it
        const health = page.locator('[data-panel-id="health"]');
        await health
          .getByRole('navigation', { name: 'Health pages' })
          .getByRole('link', { name: 'Outages', exact: true })
          .click();
        const outage = health.getByRole('region', { name: /Database.*2 dependents/ });
        await outage.waitFor({ timeout: DOWN_WITHIN_MS });
        const dependents = outage.getByRole('list', { name: 'Dependents of Database' });
        for (const name of ['Orders API', 'Cart'])
          await dependents.getByRole('link', { name, exact: true }).waitFor();
        expect(await dependents.getByRole('listitem').count()).toBe(DEPENDENTS.length);
        await screenshot(page, 'root-cause-outages-desktop');

        // a dependent's page: its alert suppressed, caused by db
        await dependents.getByRole('link', { name: 'Orders API', exact: true }).click();
        await waitForText(health.getByRole('status', { name: 'Alert' }), 'caused by db');
        await screenshot(page, 'root-cause-dependent-detail-desktop');
      } finally {
        await context.close();
      }
    }, 300_000);
  },
);
