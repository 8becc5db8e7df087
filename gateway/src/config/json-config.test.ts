import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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
    { name: 'an env reference', text: '{"server":{"host":"${HOST}"}}', data: undefined },
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
