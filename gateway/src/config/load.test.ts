import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkConfigFile, ConfigError, formatConfigError, loadConfigFile } from './load.js';

const dir = mkdtempSync(join(tmpdir(), 'aether-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
/** Writes YAML to a fresh file; messages are compared with the folder cut off. */
function writeConfig(text: string): string {
  counter += 1;
  const file = join(dir, `config-${counter}.yaml`);
  writeFileSync(file, text);
  return file;
}
function check(text: string, env: NodeJS.ProcessEnv = {}): string[] {
  const file = writeConfig(text);
  return checkConfigFile(file, env).errors.map((line) => line.replace(file, 'bad.yaml'));
}

const service = (checks: string) => `services:
  - id: orders
    name: Orders
    baseUrl: http://127.0.0.1:9101
    checks:
${checks}`;

describe('bad config files give located errors', () => {
  const cases: { name: string; yaml: string; env?: NodeJS.ProcessEnv; errors: string[] }[] = [
    {
      name: 'unknown field, with a suggestion',
      yaml: service('      - id: health\n        type: http\n        tiemout: 2s\n'),
      errors: [
        'bad.yaml:8:9: services[0].checks[0]: unknown field "tiemout"; did you mean "timeout"? Allowed here: id, interval, timeout, failAfter, recoverAfter, type, method, path, url, headers, body, followRedirects, ca, expect.',
      ],
    },
    {
      name: 'unknown top-level field',
      yaml: 'servers:\n  port: 1\n',
      errors: [
        'bad.yaml:1:1: unknown field "servers"; did you mean "server"? Allowed here: server, storage, cluster, auth, panels, registry, flapping, services, alerting, maintenance, audit, verify, operations.',
      ],
    },
    {
      name: 'bad duration',
      yaml: service('      - { id: health, type: http, interval: 10 seconds }\n'),
      errors: [
        'bad.yaml:6:45: services[0].checks[0].interval: expected a duration such as 500ms, 10s, 5m, 48h or 30d, got "10 seconds"',
      ],
    },
    {
      name: 'missing required field',
      yaml: service('      - { id: db, type: tcp }\n'),
      errors: [
        'bad.yaml:6:9: services[0].checks[0].port: missing required field "port" (a number); add it',
      ],
    },
    {
      name: 'unknown check type',
      yaml: service('      - { id: x, type: htp }\n'),
      errors: [
        'bad.yaml:6:24: services[0].checks[0].type: expected one of http, tcp, dns, tls, got "htp"',
      ],
    },
    {
      name: 'wrong type',
      yaml: 'server:\n  port: eighty\n',
      errors: ['bad.yaml:2:9: server.port: expected a number, got "eighty"'],
    },
    {
      name: 'out of range',
      yaml: service('      - { id: db, type: tcp, port: 70000 }\n'),
      errors: [
        'bad.yaml:6:36: services[0].checks[0].port: expected at most 65535, got number 70000',
      ],
    },
    {
      name: 'bad enum value',
      yaml: 'auth:\n  anonymous: guest\n',
      errors: ['bad.yaml:2:14: auth.anonymous: expected one of viewer, none, got "guest"'],
    },
    {
      name: 'bad id and bad url',
      yaml: 'panels:\n  - { id: health, title: Health, entry: not-a-url }\nservices:\n  - id: Orders API\n    name: Orders\n',
      errors: [
        'bad.yaml:2:41: panels[0].entry: expected a URL such as http://127.0.0.1:9101, got "not-a-url"',
        'bad.yaml:4:9: services[0].id: expected an id of lowercase letters, digits, "-" or "_" (at most 64 characters), got "Orders API"',
      ],
    },
    {
      name: 'duplicate ids',
      yaml: `services:
  - id: orders
    name: A
    baseUrl: http://127.0.0.1:1
    checks:
      - { id: h, type: tcp, port: 1 }
      - { id: h, type: tcp, port: 2 }
    operations:
      - { id: op, title: Op, path: /x }
      - { id: op, title: Op, path: /y }
  - id: orders
    name: B
panels:
  - { id: health, title: A, entry: "http://localhost:5174/mf-manifest.json" }
  - { id: health, title: B, entry: "http://localhost:5174/mf-manifest.json" }
`,
      errors: [
        'bad.yaml:7:15: services[0].checks[1].id: duplicate check id "h" (also at services[0].checks[0]); each must be unique',
        'bad.yaml:10:15: services[0].operations[1].id: duplicate operation id "op" (also at services[0].operations[0]); each must be unique',
        'bad.yaml:11:9: services[1].id: duplicate service id "orders" (also at services[0]); each must be unique',
        'bad.yaml:15:11: panels[1].id: duplicate panel id "health" (also at panels[0]); each must be unique',
      ],
    },
    {
      name: 'http check without a target, tls without a host',
      yaml: 'services:\n  - id: a\n    name: A\n    checks:\n      - id: h\n        type: http\n      - { id: t, type: tls }\n',
      errors: [
        'bad.yaml:5:9: services[0].checks[0]: an http check needs a target: add baseUrl to the service, or url to the check',
        'bad.yaml:7:9: services[0].checks[1]: a tls check needs a host: add host to the check, or baseUrl to the service',
      ],
    },
    {
      name: 'non-http baseUrl and operations without baseUrl',
      yaml: 'services:\n  - { id: a, name: A, baseUrl: "ftp://x" }\n  - id: b\n    name: B\n    operations: [{ id: o, title: O, path: /o }]\n',
      errors: [
        'bad.yaml:2:32: services[0].baseUrl: expected an http:// or https:// URL, got "ftp://x"',
        "bad.yaml:5:17: services[1].operations: operations are sent to the service's baseUrl; add baseUrl to the service",
      ],
    },
    {
      name: 'certificate condition on plain http',
      yaml: service(
        '      - { id: h, type: http, expect: { certificate: { minDaysValid: 3 } } }\n',
      ),
      errors: [
        'bad.yaml:6:53: services[0].checks[0].expect.certificate: a certificate condition needs an https target, but this check probes http://127.0.0.1:9101; use https or remove the condition',
      ],
    },
    {
      name: 'unsupported JSON path and bad header regex',
      yaml: service(
        '      - id: h\n        type: http\n        expect:\n          json: { "$..deep": "*" }\n          headers: { content-type: "/(json/" }\n',
      ),
      errors: [
        'bad.yaml:9:17: services[0].checks[0].expect.json: "$..deep" is not a supported JSON path; use $.a.b, $.items[0] or $["a-b"]',
        'bad.yaml:10:36: services[0].checks[0].expect.headers.content-type: invalid regular expression /(json/: Invalid regular expression: /(json/: Unterminated group',
      ],
    },
    {
      name: 'missing env var',
      yaml: 'services:\n  - id: a\n    name: A\n    baseUrl: http://127.0.0.1:${ORDERS_PORT}\n',
      errors: [
        'bad.yaml:4:14: services[0].baseUrl: environment variable ORDERS_PORT is not set; export it, or give a default with ${ORDERS_PORT:-value}',
      ],
    },
    {
      name: 'malformed env reference',
      yaml: 'storage:\n  sqlite: "${not valid}"\n',
      errors: [
        'bad.yaml:2:11: storage.sqlite: "${not valid}" is not an env reference; write ${NAME} with letters, digits and "_", or $${ for a literal "${"',
      ],
    },
    {
      name: 'storage.postgres that is not a Postgres URL',
      yaml: 'storage:\n  postgres: mysql://db/aether\n',
      errors: [
        'bad.yaml:2:13: storage.postgres: a postgres://user:password@host:port/database URL (or ${AETHER_DATABASE_URL}); leave it out for SQLite',
      ],
    },
    {
      name: 'storage.postgres naming an unset variable',
      yaml: 'storage:\n  postgres: "${AETHER_DATABASE_URL}"\n',
      errors: [
        'bad.yaml:2:13: storage.postgres: environment variable AETHER_DATABASE_URL is not set; export it, or give a default with ${AETHER_DATABASE_URL:-value}',
      ],
    },
    {
      name: 'a lease too short to renew',
      yaml: 'cluster:\n  leaseTtl: 1s\n',
      errors: [
        'bad.yaml:2:13: cluster.leaseTtl: between 3s and 10m: shorter leases cannot be renewed in time, longer ones leave checks unprobed for long after a gateway dies',
      ],
    },
    {
      name: 'a request header HTTP does not allow (its name, a CR LF in its value)',
      yaml: service(
        '      - id: h\n        type: http\n        headers:\n          x-ok: fine\n          "bad name": v\n          x-smuggle: "a\\r\\nGET /admin HTTP/1.1"\n',
      ),
      errors: [
        'bad.yaml:10:11: services[0].checks[0].headers: expected a header name of letters, digits and !#$%&\'*+.^_`|~-, got "bad name"',
        'bad.yaml:11:22: services[0].checks[0].headers.x-smuggle: expected a header value without CR, LF or other control characters, got "a\\r\\nGET /admin HTTP/1.1"',
      ],
    },
    {
      name: 'YAML syntax error',
      yaml: 'services:\n  - id: a\n    name: [\n',
      errors: [
        'bad.yaml:4:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
      ],
    },
    {
      name: 'duplicate YAML key',
      yaml: 'server:\n  port: 1\n  port: 2\n',
      errors: ['bad.yaml:3:3: invalid YAML: Map keys must be unique'],
    },
    {
      name: 'missing CA file',
      yaml: service('      - { id: t, type: tls, ca: ./nowhere.pem }\n'),
      errors: [
        `bad.yaml:6:33: services[0].checks[0].ca: CA file ${join(dir, 'nowhere.pem')} does not exist; give a PEM file path relative to the config file`,
      ],
    },
  ];

  it.each(cases)('$name', ({ yaml, env, errors }) => {
    expect(check(yaml, env)).toEqual(errors);
  });

  it('throws a ConfigError carrying every issue, formatted one per line', () => {
    const file = writeConfig('server:\n  port: x\nauth:\n  anonymous: guest\n');
    let thrown: unknown;
    try {
      loadConfigFile(file, {});
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect(
      (thrown as ConfigError).issues.map((issue) => [issue.line, issue.col, issue.path]),
    ).toEqual([
      [2, 9, 'server.port'],
      [4, 14, 'auth.anonymous'],
    ]);
    expect(formatConfigError(thrown).split('\n')).toHaveLength(2);
  });

  it('reports a missing file without a position', () => {
    const result = checkConfigFile(join(dir, 'absent.yaml'));
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      `${join(dir, 'absent.yaml')}: cannot read the config: file not found; pass an existing YAML file (AETHER_CONFIG or --config)`,
    ]);
  });
});

describe('storage on Postgres', () => {
  const url = 'postgres://aether:pw@db:5432/aether';

  it('is SQLite with one gateway and the default lease settings when nothing says otherwise', () => {
    const config = loadConfigFile(writeConfig('{}\n'), {});
    expect(config.storage.postgres).toBeUndefined();
    expect(config.cluster).toEqual({ shards: 1024, leaseTtl: 15_000 });
  });

  it('takes storage.postgres from ${AETHER_DATABASE_URL}', () => {
    const file = writeConfig(
      'storage:\n  postgres: "${AETHER_DATABASE_URL}"\ncluster: { shards: 64, leaseTtl: 20s }\n',
    );
    const config = loadConfigFile(file, { AETHER_DATABASE_URL: url });
    expect(config.storage.postgres).toBe(url);
    expect(config.cluster).toEqual({ shards: 64, leaseTtl: 20_000 });
  });

  it('is selected by AETHER_DATABASE_URL alone, and a written storage.postgres wins over it', () => {
    expect(loadConfigFile(writeConfig('{}\n'), { AETHER_DATABASE_URL: url }).storage).toMatchObject(
      { postgres: url, sqlite: './data/aether.db' },
    );
    const written = writeConfig('storage:\n  postgres: postgresql://other/aether\n');
    expect(loadConfigFile(written, { AETHER_DATABASE_URL: url }).storage.postgres).toBe(
      'postgresql://other/aether',
    );
  });
});

describe('a good config', () => {
  it('fills defaults, resolves env references and derives hosts', () => {
    writeFileSync(join(dir, 'ca.pem'), 'pem');
    const file = writeConfig(`server:
  port: \${PORT}
storage:
  sqlite: "\${DB:-./data/x.db}"
services:
  - id: orders
    name: Orders
    baseUrl: http://[::1]:9101
    checks:
      - { id: health, type: http, path: /health, headers: { x-key: "\${KEY}", x-literal: "$\${KEY}" } }
      - { id: db, type: tcp, port: 5432 }
      - { id: cert, type: tls, port: 9443, ca: ca.pem }
    operations:
      - { id: flush, title: Flush, path: /admin/cache/flush, headers: { authorization: "Bearer \${ORDERS_ADMIN_TOKEN}" } }
`);
    const config = loadConfigFile(file, { PORT: '9000', KEY: 'k1' });
    expect(config.server.port).toBe(9000);
    expect(config.storage.sqlite).toBe('./data/x.db');
    expect(config.storage.retention).toEqual({
      raw: 3 * 3_600_000,
      rollup: 26 * 3_600_000,
      hourly: 60 * 86_400_000,
      daily: 400 * 86_400_000,
    });
    const [health, db, cert] = config.services[0]!.checks;
    expect(health).toMatchObject({
      interval: 30_000,
      timeout: 5_000,
      failAfter: 1,
      method: 'GET',
      headers: { 'x-key': 'k1', 'x-literal': '${KEY}' },
    });
    expect(health?.type === 'http' && health.expect.status).toEqual([200]);
    expect(db).toMatchObject({ type: 'tcp', host: '::1' });
    expect(cert).toMatchObject({ type: 'tls', host: '::1', ca: join(dir, 'ca.pem') });
    // Kept for the operate engine to resolve at send time, even though the variable is unset here.
    expect(config.services[0]!.operations[0]!.headers).toEqual({
      authorization: 'Bearer ${ORDERS_ADMIN_TOKEN}',
    });
  });

  it('accepts an empty file as a config with no services', () => {
    expect(loadConfigFile(writeConfig(''), {}).services).toEqual([]);
  });
});
