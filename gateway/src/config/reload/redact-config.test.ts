import { describe, expect, it } from 'vitest';
import { redactedConfigOf } from './redact-config.js';

const R = '[REDACTED]';

describe('redactedConfigOf', () => {
  it.each([
    // [what, yaml, path into the result, shown]
    [
      'a token hash',
      'auth: { tokens: [{ name: a, sha256: "ab12" }] }',
      ['auth', 'tokens', 0, 'sha256'],
      R,
    ],
    [
      'a channel secret written inline',
      'alerting: { channels: [{ secret: s3cr3t }] }',
      ['alerting', 'channels', 0, 'secret'],
      R,
    ],
    [
      'a channel secret from the environment',
      'alerting: { channels: [{ secret: "${HOOK_SECRET}" }] }',
      ['alerting', 'channels', 0, 'secret'],
      '${HOOK_SECRET}',
    ],
    [
      'a routing key with a default',
      'alerting: { channels: [{ routingKey: "${PD_KEY:-abc}" }] }',
      ['alerting', 'channels', 0, 'routingKey'],
      R,
    ],
    [
      'a literal header value',
      'services: [{ operations: [{ headers: { x-api-key: k123 } }] }]',
      ['services', 0, 'operations', 0, 'headers', 'x-api-key'],
      R,
    ],
    [
      'a Bearer reference header',
      'services: [{ operations: [{ headers: { authorization: "Bearer ${T}" } }] }]',
      ['services', 0, 'operations', 0, 'headers', 'authorization'],
      'Bearer ${T}',
    ],
    [
      'a Bearer literal header',
      'services: [{ checks: [{ headers: { authorization: "Bearer abc" } }] }]',
      ['services', 0, 'checks', 0, 'headers', 'authorization'],
      R,
    ],
    [
      'a numeric secret',
      'alerting: { channels: [{ secret: 12345 }] }',
      ['alerting', 'channels', 0, 'secret'],
      R,
    ],
    [
      'a request body',
      'services: [{ checks: [{ body: "{\\"pw\\":1}" }] }]',
      ['services', 0, 'checks', 0, 'body'],
      R,
    ],
    [
      'URL credentials and query values',
      'services: [{ baseUrl: "http://u:p@127.0.0.1:1/x?key=v" }]',
      ['services', 0, 'baseUrl'],
      `http://127.0.0.1:1/x?key=${R}`,
    ],
    [
      'an SMTP URL from the environment',
      'alerting: { channels: [{ smtp: "smtp://user:${SMTP_PASSWORD}@127.0.0.1:2525" }] }',
      ['alerting', 'channels', 0, 'smtp'],
      'smtp://127.0.0.1:2525',
    ],
    [
      'the default of any reference',
      'storage: { sqlite: "${DB:-/secret/path.db}" }',
      ['storage', 'sqlite'],
      `\${DB:-${R}}`,
    ],
    [
      'a plain value',
      'services: [{ id: orders, name: Orders }]',
      ['services', 0, 'name'],
      'Orders',
    ],
    [
      'a duration',
      'services: [{ checks: [{ interval: 10s }] }]',
      ['services', 0, 'checks', 0, 'interval'],
      '10s',
    ],
  ] as const)('shows %s as it may be shown', (_, yaml, path, shown) => {
    let value: unknown = redactedConfigOf(yaml);
    for (const key of path) value = (value as Record<string | number, unknown>)[key];
    expect(value).toBe(shown);
  });

  it('shows a JSON file as its YAML reading: same data, same redaction', () => {
    const json = JSON.stringify({
      auth: { tokens: [{ name: 'a', sha256: 'ab12' }] },
      storage: { sqlite: '${DB:-/secret/path.db}' },
      services: [
        {
          id: 'orders',
          baseUrl: 'http://u:p@127.0.0.1:1/x?key=v',
          checks: [
            { id: 'h', headers: { authorization: 'Bearer abc' }, expect: { status: [200] } },
          ],
        },
      ],
    });
    // a comment first: not JSON any more, so the same data goes through the YAML parser
    const throughYaml = redactedConfigOf(`# written by a generator\n${json}`);
    expect(redactedConfigOf(json)).toEqual(throughYaml);
    expect(JSON.stringify(throughYaml)).not.toMatch(/ab12|secret|Bearer abc|u:p|=v/);
  });

  it('never resolves a reference: the environment cannot show', () => {
    process.env.AETHER_REDACT_TEST = 'leaked';
    try {
      expect(
        JSON.stringify(redactedConfigOf('server: { host: "${AETHER_REDACT_TEST}" }')),
      ).not.toContain('leaked');
    } finally {
      delete process.env.AETHER_REDACT_TEST;
    }
  });
});
