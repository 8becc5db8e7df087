import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkConfigFile, loadConfigFile } from './load.js';

const dir = mkdtempSync(join(tmpdir(), 'aether-deps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function check(yaml: string): string[] {
  const file = join(dir, `config-${++counter}.yaml`);
  writeFileSync(file, yaml);
  return checkConfigFile(file, {}).errors.map((line) => line.replace(file, 'bad.yaml'));
}

const svc = (id: string, extra = '') => `  - id: ${id}\n    name: ${id}\n${extra}`;

describe('dependsOn and slo in config check', () => {
  it.each([
    {
      name: 'an unknown id',
      yaml: `services:\n${svc('orders', '    dependsOn: [auth, payments]\n')}${svc('auth')}`,
      errors: [
        'bad.yaml:4:23: services[0].dependsOn[1]: unknown service "payments"; dependsOn names ids of configured services',
      ],
    },
    {
      name: 'a cycle of two, named in full',
      yaml: `services:\n${svc('orders', '    dependsOn: [payments]\n')}${svc('payments', '    dependsOn: [orders]\n')}`,
      errors: [
        'bad.yaml:7:17: services[1].dependsOn[0]: dependency cycle orders → payments → orders; a service cannot depend on itself, directly or through others',
      ],
    },
    {
      name: 'a service depending on itself',
      yaml: `services:\n${svc('db', '    dependsOn: [db]\n')}`,
      errors: [
        'bad.yaml:4:17: services[0].dependsOn[0]: dependency cycle db → db; a service cannot depend on itself, directly or through others',
      ],
    },
    {
      name: 'an SLO window over 90d',
      yaml: `services:\n${svc('db', '    slo: { objective: 99.9, window: 120d }\n')}`,
      errors: ['bad.yaml:4:37: services[0].slo.window: an SLO window between 1h and 90d'],
    },
    {
      name: 'an objective of 100 leaves no budget',
      yaml: `services:\n${svc('db', '    slo: { objective: 100, window: 30d }\n')}`,
      errors: [expect.stringMatching(/^bad\.yaml:4:23: services\[0\]\.slo\.objective: /)],
    },
  ])('$name', ({ yaml, errors }) => {
    expect(check(yaml)).toEqual(errors);
  });

  it('a diamond with an SLO loads, with the defaults filled', () => {
    const file = join(dir, 'good.yaml');
    writeFileSync(
      file,
      `services:\n${svc('web', '    dependsOn: [orders, payments]\n    slo: { objective: 99.9, window: 7d }\n')}${svc('orders', '    dependsOn: [db]\n')}${svc('payments', '    dependsOn: [db]\n')}${svc('db')}`,
    );
    const config = loadConfigFile(file, {});
    expect(config.services[0]!.dependsOn).toEqual(['orders', 'payments']);
    expect(config.services[0]!.slo).toEqual({
      objective: 99.9,
      window: 7 * 86_400_000,
      degradedIsBad: false,
    });
    expect(config.services[3]!.dependsOn).toEqual([]);
  });
});
