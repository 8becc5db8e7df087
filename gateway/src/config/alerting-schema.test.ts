import { describe, expect, it } from 'vitest';
import { ConfigError, formatConfigIssue, parseConfigText } from './load.js';

const SERVICES = `services:
  - id: orders
    name: Orders
    tags: [critical]
`;

function errorsOf(yaml: string, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    parseConfigText(SERVICES + yaml, 'aether.yaml', env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.issues.map(formatConfigIssue);
  }
}

describe('alerting and maintenance config', () => {
  it('fills the defaults PRODUCT.md names', () => {
    const config = parseConfigText(
      `${SERVICES}alerting:
  channels:
    - { id: oncall, type: webhook, url: "http://127.0.0.1:9200/hook" }
    - { id: pager, type: pagerduty, routingKey: "\${PD_ROUTING_KEY}" }
  routes:
    - match: {}
      channels: [oncall]
maintenance:
  windows:
    - { id: patching, cron: "0 2 * * SUN", duration: 1h }
`,
      'aether.yaml',
      {},
    );
    expect(config.alerting.routes[0]).toEqual({
      match: {},
      channels: ['oncall'],
      on: ['down'],
      for: 0,
      groupWait: 30_000,
      repeat: 4 * 3_600_000,
      sendResolved: true,
    });
    expect(config.alerting.channels[1]).toMatchObject({
      routingKey: '${PD_ROUTING_KEY}',
      url: 'https://events.pagerduty.com/v2/enqueue',
    });
    expect(config.maintenance).toEqual({
      maxDuration: 24 * 3_600_000,
      windows: [
        { id: 'patching', match: {}, cron: '0 2 * * SUN', duration: 3_600_000, timezone: 'UTC' },
      ],
    });
  });

  it('keeps ${VAR} in channels unexpanded, even when the variable is unset', () => {
    const config = parseConfigText(
      `${SERVICES}alerting:
  channels:
    - { id: chat, type: slack, url: "\${SLACK_WEBHOOK_URL}" }
    - { id: mail, type: email, smtp: "smtp://u:\${SMTP_PASSWORD}@127.0.0.1:2525", from: a@b.test, to: [c@d.test] }
`,
      'aether.yaml',
      { SMTP_PASSWORD: 'hunter22' },
    );
    expect(config.alerting.channels).toMatchObject([
      { url: '${SLACK_WEBHOOK_URL}' },
      { smtp: 'smtp://u:${SMTP_PASSWORD}@127.0.0.1:2525' },
    ]);
  });

  it('takes severity as one value or a list', () => {
    const config = parseConfigText(
      `${SERVICES}alerting:
  channels: [{ id: a, type: webhook, url: "http://127.0.0.1:1/" }]
  routes:
    - { match: { severity: page }, channels: [a] }
    - { match: { severity: [page, ticket] }, channels: [a] }
`,
      'aether.yaml',
      {},
    );
    expect(config.alerting.routes.map((r) => r.match.severity)).toEqual([
      ['page'],
      ['page', 'ticket'],
    ]);
  });

  const cases: { name: string; yaml: string; errors: string[] }[] = [
    {
      name: 'unknown channel in a route and in its escalation',
      yaml: `alerting:
  channels: [{ id: oncall, type: webhook, url: "http://127.0.0.1:9200/hook" }]
  routes:
    - channels: [oncall, pagr]
      escalate: { after: 15m, channels: [mail] }
`,
      errors: [
        'aether.yaml:8:26: alerting.routes[0].channels[1]: unknown channel "pagr"; add it to alerting.channels (known: oncall)',
        'aether.yaml:9:42: alerting.routes[0].escalate.channels[0]: unknown channel "mail"; add it to alerting.channels (known: oncall)',
      ],
    },
    {
      name: 'duplicate channel id and a URL of the wrong scheme',
      yaml: `alerting:
  channels:
    - { id: a, type: webhook, url: "ftp://127.0.0.1/hook" }
    - { id: a, type: email, smtp: "http://127.0.0.1:25", from: x@y.test, to: [z@y.test] }
`,
      errors: [
        'aether.yaml:7:36: alerting.channels[0].url: expected a http:// or https:// URL, got ftp://…',
        'aether.yaml:8:13: alerting.channels[1].id: duplicate channel id "a"; each must be unique',
        'aether.yaml:8:35: alerting.channels[1].smtp: expected a smtp:// or smtps:// URL, got http://…',
      ],
    },
    {
      name: 'bad cron',
      yaml: `maintenance:
  windows: [{ id: w, cron: "0 2 * * FUNDAY", duration: 1h }]
`,
      errors: [
        expect.stringMatching(
          /^aether\.yaml:6:28: maintenance\.windows\[0\]\.cron: invalid cron "0 2 \* \* FUNDAY": .+; e\.g\. "0 2 \* \* SUN" is Sundays at 02:00$/,
        ) as unknown as string,
      ],
    },
    {
      name: 'bad timezone',
      yaml: `maintenance:
  windows: [{ id: w, cron: "0 2 * * SUN", duration: 1h, timezone: Mars/Olympus }]
`,
      errors: [
        'aether.yaml:6:67: maintenance.windows[0].timezone: unknown timezone "Mars/Olympus"; use an IANA name such as UTC or Europe/Berlin',
      ],
    },
    {
      name: 'a window longer than maxDuration, on an unknown service',
      yaml: `maintenance:
  maxDuration: 2h
  windows: [{ id: w, match: { services: [ordres] }, cron: "0 2 * * SUN", duration: 3h }]
`,
      errors: [
        'aether.yaml:7:42: maintenance.windows[0].match.services[0]: unknown service id "ordres"; it must be one of the configured services',
        'aether.yaml:7:84: maintenance.windows[0].duration: a window may last at most maintenance.maxDuration (2h); shorten it or raise maxDuration',
      ],
    },
    {
      name: 'a channel reference that can never resolve',
      yaml: `alerting:
  channels: [{ id: a, type: webhook, url: "http://127.0.0.1:1/", secret: "\${1BAD}" }]
`,
      errors: [
        'aether.yaml:6:74: alerting.channels[0].secret: "${1BAD}" is not an env reference; write ${NAME} with letters, digits and "_"',
      ],
    },
    {
      name: 'an unknown channel type',
      yaml: `alerting:
  channels: [{ id: a, type: carrier-pigeon }]
`,
      errors: [expect.stringContaining('alerting.channels[0].type') as unknown as string],
    },
    {
      name: 'a route status that cannot fire',
      yaml: `alerting:
  channels: [{ id: a, type: webhook, url: "http://127.0.0.1:1/" }]
  routes: [{ channels: [a], on: [up] }]
`,
      errors: [expect.stringContaining('alerting.routes[0].on[0]') as unknown as string],
    },
  ];
  it.each(cases)('$name', ({ yaml, errors }) => {
    expect(errorsOf(yaml)).toEqual(errors);
  });
});
