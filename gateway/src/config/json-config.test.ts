import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveEnvReferencesInData } from './env-references.js';
import { parseJsonConfig, repeatsAKey } from './json-config.js';
import { checkConfigFile, loadConfigFile, parseConfigText } from './load.js';

describe('repeatsAKey', () => {
  it.each([
    { json: '{"a":1,"b":2}', repeats: false },
    { json: '{"a":1,"a":2}', repeats: true },
    { json: '{"a":{"b":1},"c":{"b":2}}', repeats: false },
    { json: '{"a":{"b":1,"b":2}}', repeats: true },
    { json: '[{"a":1},{"a":2}]', repeats: false },
    { json: '{"list":[{"id":"x","id":"y"}]}', repeats: true },
    // a value that equals a key is not a key
    { json: '{"a":"a","b":"a"}', repeats: false },
    { json: '{"a":["a","a"]}', repeats: false },
    // escapes: the same key written two ways, and quotes and commas inside strings
    { json: '{"\\u0061":1,"a":2}', repeats: true },
    { json: '{"x\\"y":1,"z":",\\"x\\\\"}', repeats: false },
    { json: '{ "a" : 1 , "b" : { } , "a" : [ ] }', repeats: true },
  ])('$json → $repeats', ({ json, repeats }) => {
    JSON.parse(json); // the cases are valid JSON, as the function requires
    expect(repeatsAKey(json)).toBe(repeats);
  });
});

describe('parseJsonConfig', () => {
  it.each([
    { name: 'a JSON object', text: ' \n{"server":{"port":1}}', data: { server: { port: 1 } } },
    { name: 'YAML', text: 'server:\n  port: 1\n', data: undefined },
    { name: 'a YAML flow map that is not JSON', text: '{server: {port: 1}}', data: undefined },
    // references are resolved by the caller, on the data
    {
      name: 'an env reference',
      text: '{"server":{"host":"${HOST}"}}',
      data: { server: { host: '${HOST}' } },
    },
    { name: 'a repeated key', text: '{"server":{"port":1,"port":2}}', data: undefined },
    { name: 'broken JSON', text: '{"server":', data: undefined },
  ])('$name', ({ text, data }) => {
    expect(parseJsonConfig(text)).toEqual(data);
  });
});

describe('a JSON config loads as the same config YAML gives', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aether-json-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const config = {
    server: { port: 8080, metricsPublic: true },
    auth: { anonymous: 'viewer' },
    services: [
      {
        id: 'orders',
        name: 'Orders',
        group: 'shop',
        tags: ['a', 'b'],
        baseUrl: 'http://127.0.0.1:9101',
        checks: [
          { id: 'http', type: 'http', path: '/health', interval: '10s', timeout: '2s' },
          { id: 'db', type: 'tcp', port: 5432 },
        ],
      },
    ],
  };
  const env = { AETHER_PANEL_ORIGIN_HEALTH: 'http://panels.test:1' };

  it('with defaults, built-in panels and AETHER_DATABASE_URL applied', () => {
    const json = JSON.stringify(config);
    // a leading newline is not JSON's business, and makes the YAML path read the same text
    const viaYaml = parseConfigText(`# yaml\n${json}`, 'c.yaml', env);
    expect(parseJsonConfig(`# yaml\n${json}`)).toBeUndefined();
    expect(parseConfigText(json, 'c.json', env)).toEqual(viaYaml);
    const withDb = { ...env, AETHER_DATABASE_URL: 'postgres://db.test/aether' };
    expect(parseConfigText(json, 'c.json', withDb).storage).toEqual(
      parseConfigText(`# yaml\n${json}`, 'c.yaml', withDb).storage,
    );
  });

  it('problems in a JSON config are still located (the YAML path reports them)', () => {
    const file = join(dir, 'bad.json');
    const bad = structuredClone(config);
    (bad.services[0]!.checks[0] as Record<string, unknown>).interval = '10 seconds';
    bad.services.push({ ...bad.services[0]!, name: 'Again' });
    writeFileSync(file, JSON.stringify(bad, null, 2));
    const errors = checkConfigFile(file, {}).errors.map((line) => line.replace(file, 'bad.json'));
    expect(errors).toEqual([
      expect.stringMatching(
        /^bad\.json:\d+:\d+: services\[0\]\.checks\[0\]\.interval: expected a duration/,
      ),
      expect.stringMatching(
        /^bad\.json:\d+:\d+: services\[1\]\.checks\[0\]\.interval: expected a duration/,
      ),
    ]);
    writeFileSync(file, '{"server":{"port":1,"port":2}}');
    expect(checkConfigFile(file, {}).errors).toEqual([
      `${file}:1:21: invalid YAML: Map keys must be unique`,
    ]);
    writeFileSync(
      file,
      JSON.stringify({ ...config, services: [config.services[0], config.services[0]] }),
    );
    expect(() => loadConfigFile(file, {})).toThrow(/duplicate service id "orders"/);
  });
});

describe('a JSON config with ${VAR} references loads as the YAML path loads it', () => {
  const env = {
    AETHER_PANEL_ORIGIN_HEALTH: 'http://panels.test:1',
    GATEWAY: 'gw-1',
    PORT: '9101',
    HOST: 'orders.test',
    EMPTY: '',
    TOKEN: 'secret-token',
  };
  const service = (fields: Record<string, unknown>) => ({
    id: 'orders',
    name: 'Orders',
    baseUrl: 'http://127.0.0.1:9101',
    checks: [{ id: 'http', type: 'http', path: '/health' }],
    ...fields,
  });
  const http = (fields: Record<string, unknown>) => ({ id: 'http', type: 'http', ...fields });
  it.each([
    {
      name: 'a header, as the cluster bench writes it',
      config: {
        services: [service({ checks: [http({ headers: { 'x-gateway': '${GATEWAY}' } })] })],
      },
    },
    {
      name: 'references inside a text, and a default for an unset and an empty variable',
      config: {
        services: [
          service({
            name: 'Orders on ${HOST} (${UNSET_REGION:-eu}, ${EMPTY:-none})',
            group: '${GATEWAY}-group',
            tags: ['${GATEWAY}', 'plain', '$${literal}'],
          }),
        ],
      },
    },
    {
      name: 'URLs keep their written form next to the resolved one',
      config: {
        services: [
          service({
            baseUrl: 'http://${HOST}:${PORT}',
            checks: [
              http({ url: 'http://${HOST}:${PORT}/health' }),
              http({ id: 'h2', path: '/x' }),
            ],
          }),
        ],
      },
    },
    {
      name: 'a reference that looks like a number stays a string (JSON strings are quoted)',
      config: { services: [service({ checks: [http({ headers: { 'x-port': '${PORT}' } })] })] },
    },
    {
      name: 'operation headers and alerting channels keep their references for send time',
      config: {
        services: [
          service({
            operations: [
              {
                id: 'restart',
                title: 'Restart',
                path: '/restart',
                headers: { authorization: 'Bearer ${TOKEN}', 'x-unset': '${NOT_SET_AT_ALL}' },
              },
            ],
          }),
        ],
        alerting: {
          channels: [
            { id: 'hook', type: 'webhook', url: 'http://${HOST}/h', secret: '${NOT_SET}' },
          ],
        },
      },
    },
    {
      name: 'a key with a reference is left as written',
      config: {
        services: [service({ checks: [http({ expect: { headers: { '${GATEWAY}': 'v' } } })] })],
      },
    },
  ])('$name', ({ config }) => {
    const json = JSON.stringify(config, null, 2);
    expect(json).toContain('${');
    // the fast path applies: JSON.parse, then every reference resolves on the data
    expect(resolveEnvReferencesInData(parseJsonConfig(json)!, env)).toBe(true);
    // a leading comment makes the same text YAML only
    const viaYaml = parseConfigText(`# yaml\n${json}`, 'c.yaml', env);
    expect(parseConfigText(json, 'c.json', env)).toEqual(viaYaml);
  });

  it('the fast path resolves: the value is the variable, not the reference', () => {
    const json = JSON.stringify({
      services: [service({ checks: [http({ headers: { 'x-gateway': '${GATEWAY}' } })] })],
    });
    const check = parseConfigText(json, 'c.json', env).services[0]!.checks[0]!;
    expect(check.type === 'http' && check.headers).toEqual({ 'x-gateway': 'gw-1' });
  });

  it.each([
    {
      name: 'an unset variable',
      value: '${NOT_SET}',
      message:
        'environment variable NOT_SET is not set; export it, or give a default with ${NOT_SET:-value}',
    },
    {
      name: 'an empty variable without a default',
      value: 'x-${EMPTY}',
      message:
        'environment variable EMPTY is not set; export it, or give a default with ${EMPTY:-value}',
    },
    {
      name: 'a malformed reference',
      value: '${1BAD}',
      message:
        '"${1BAD}" is not an env reference; write ${NAME} with letters, digits and "_", or $${ for a literal "${"',
    },
  ])('$name is still located at file:line:col', ({ value, message }) => {
    const config = {
      services: [service({ checks: [http({ headers: { 'x-gateway': value } })] })],
    };
    const json = JSON.stringify(config, null, 2);
    expect(resolveEnvReferencesInData(parseJsonConfig(json)!, env)).toBe(false);
    const line = json.split('\n').findIndex((text) => text.includes(value)) + 1;
    const col = json.split('\n')[line - 1]!.indexOf(`"${value}"`) + 1;
    expect(() => parseConfigText(json, 'c.json', env)).toThrow(
      `c.json:${line}:${col}: services[0].checks[0].headers.x-gateway: ${message}`,
    );
  });
});
