import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parseFile, type Problem } from './kubernetes-objects.js';
import { validateAgainstSchema } from './schema-validation.js';
import { formatProblem, validateBase } from './validate-base.js';

// Mutations reach anywhere into a parsed manifest: typing each path would be longer than the edit.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Yaml = any;

const BASE = path.join(path.dirname(fileURLToPath(import.meta.url)), '../kubernetes');
const copies: string[] = [];
afterEach(async () => {
  await Promise.all(copies.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A copy of the base with one file edited as data (parsed, changed, written back). */
async function mutated(file: string, edit: (doc: Yaml) => void): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'aether-k8s-'));
  copies.push(dir);
  await cp(BASE, dir, { recursive: true });
  const doc: unknown = parse(await readFile(path.join(dir, file), 'utf8'));
  edit(doc);
  await writeFile(path.join(dir, file), stringify(doc));
  return dir;
}

const messages = (problems: Problem[]) => problems.map(formatProblem);
const gatewayContainer = (doc: Yaml) => doc.spec.template.spec.containers[0];

describe('deploy/kubernetes', () => {
  it('is valid: every resource resolves, passes its Kubernetes schema and the house rules', async () => {
    const { objects, problems } = await validateBase(BASE);
    expect(messages(problems)).toEqual([]);
    expect(
      objects
        .map((o) => `${String(o.data.kind)}/${String((o.data.metadata as { name: string }).name)}`)
        .sort(),
    ).toEqual([
      'ConfigMap/aether-gateway-config',
      'Deployment/aether-gateway',
      'Deployment/aether-panel-health',
      'Deployment/aether-panel-interaction',
      'Deployment/aether-shell',
      'PodDisruptionBudget/aether-gateway',
      'Service/aether-gateway',
      'Service/aether-panel-health',
      'Service/aether-panel-interaction',
      'Service/aether-shell',
    ]);
  });

  it('the example Secret (not in the base) is a valid Secret holding placeholders only', async () => {
    const problems: Problem[] = [];
    const [secret] = await parseFile(BASE, 'examples/secret.example.yaml', problems);
    expect(problems).toEqual([]);
    expect(validateAgainstSchema({ file: 'examples/secret.example.yaml', data: secret! })).toEqual(
      [],
    );
    const values = Object.values(secret!.stringData as Record<string, string>);
    expect(values.every((value) => /REPLACE/.test(value))).toBe(true);
    // every key the base references exists in the example
    const deployments = await Promise.all(
      ['gateway-deployment.yaml', 'shell-deployment.yaml'].map((f) =>
        readFile(path.join(BASE, f), 'utf8'),
      ),
    );
    const referenced = [
      ...deployments.join('\n').matchAll(/name: aether-secrets, key: ([a-z0-9-]+)/g),
    ].map((m) => m[1]);
    expect(referenced.length).toBeGreaterThan(3);
    for (const key of referenced) expect(Object.keys(secret!.stringData as object)).toContain(key);
  });
});

describe('a broken copy of the base fails', () => {
  const cases: [string, string, (doc: Yaml) => void, RegExp][] = [
    [
      'a schema violation (containerPort as a string)',
      'gateway-deployment.yaml',
      (doc) => (gatewayContainer(doc).ports[0].containerPort = '8080'),
      /Deployment\/aether-gateway\): schema: \/spec\/template\/spec\/containers\/0\/ports\/0\/containerPort must be integer/,
    ],
    [
      'a malformed quantity',
      'shell-deployment.yaml',
      (doc) => (doc.spec.template.spec.containers[0].resources.limits.memory = 'lots'),
      /schema: \/spec\/template\/spec\/containers\/0\/resources\/limits\/memory/,
    ],
    [
      'a misspelt probe (the schema accepts unknown fields)',
      'gateway-deployment.yaml',
      (doc) => {
        const c = gatewayContainer(doc);
        c.readinesProbe = c.readinessProbe;
        delete c.readinessProbe;
      },
      /unknown field "readinesProbe"/,
    ],
    [
      'no liveness probe',
      'panel-health-deployment.yaml',
      (doc) => delete doc.spec.template.spec.containers[0].livenessProbe,
      /container panel-health: no livenessProbe/,
    ],
    [
      'readiness on /health instead of /ready',
      'gateway-deployment.yaml',
      (doc) => (gatewayContainer(doc).readinessProbe.httpGet.path = '/health'),
      /readinessProbe must be GET \/ready/,
    ],
    [
      'root allowed',
      'gateway-deployment.yaml',
      (doc) => delete doc.spec.template.spec.securityContext.runAsNonRoot,
      /container gateway: runAsNonRoot is not true/,
    ],
    [
      'a writable root filesystem',
      'shell-deployment.yaml',
      (doc) =>
        (doc.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false),
      /readOnlyRootFilesystem is not true/,
    ],
    [
      'no memory limit',
      'gateway-deployment.yaml',
      (doc) => delete gatewayContainer(doc).resources.limits.memory,
      /resources\.limits\.memory is not set/,
    ],
    [
      'a literal database URL in the environment',
      'gateway-deployment.yaml',
      (doc) => {
        const env = gatewayContainer(doc).env.find((e: Yaml) => e.name === 'AETHER_DATABASE_URL');
        delete env.valueFrom;
        env.value = 'postgres://aether:hunter2@db:5432/aether';
      },
      /env AETHER_DATABASE_URL has a literal value/,
    ],
    [
      'a password in the config',
      'gateway-configmap.yaml',
      (doc) =>
        (doc.data['aether.config.yaml'] = doc.data['aether.config.yaml'].replace(
          "'${AETHER_DATABASE_URL}'",
          'postgres://a:b@db/x',
        )),
      /a URL with a password in it/,
    ],
    [
      'fewer than 3 gateway replicas',
      'gateway-deployment.yaml',
      (doc) => (doc.spec.replicas = 1),
      /replicas 1: the gateway runs 3/,
    ],
    [
      'a budget that keeps one',
      'gateway-pdb.yaml',
      (doc) => (doc.spec.minAvailable = 1),
      /PodDisruptionBudget\/aether-gateway\): minAvailable must be 2/,
    ],
    [
      'a Service selecting nothing',
      'shell-service.yaml',
      (doc) => (doc.spec.selector = { 'app.kubernetes.io/name': 'aether-shel' }),
      /Service\/aether-shell\): its selector matches no Deployment/,
    ],
    [
      'an image the repo does not build, with a tag',
      'panel-interaction-deployment.yaml',
      (doc) => (doc.spec.template.spec.containers[0].image = 'nginx:latest'),
      /image "nginx:latest" is not one the repo builds/,
    ],
    [
      'a resource that does not resolve to a file',
      'kustomization.yaml',
      (doc) => doc.resources.push('gateway-hpa.yaml'),
      /kustomization\.yaml: resource "gateway-hpa\.yaml" does not resolve to a file/,
    ],
    [
      'the example Secret pulled into the base',
      'kustomization.yaml',
      (doc) => doc.resources.push('examples/secret.example.yaml'),
      /Secret\/aether-secrets\): a Secret in the base commits secret values/,
    ],
  ];

  it.each(cases)('%s', async (_name, file, edit, expected) => {
    const { problems } = await validateBase(await mutated(file, edit));
    expect(messages(problems).join('\n')).toMatch(expected);
  });

  it('a YAML syntax error', async () => {
    const dir = await mutated('gateway-service.yaml', () => {});
    await writeFile(path.join(dir, 'gateway-service.yaml'), 'kind: Service\nmetadata: {name: x\n');
    const { problems } = await validateBase(dir);
    expect(messages(problems).join('\n')).toMatch(/gateway-service\.yaml: YAML: /);
  });
});
