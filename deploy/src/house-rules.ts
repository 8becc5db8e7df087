import {
  objectName,
  type Kustomization,
  type LoadedObject,
  type Problem,
} from './kubernetes-objects.js';

/** The images the repo builds (scripts/lib/images.sh) that a cluster runs. */
export const REPO_IMAGE = /^aether\/(gateway|shell|panel-[a-z0-9-]+)$/;

/** Env names whose value is a credential: only ever from a Secret, never written in a manifest. */
const SECRET_ENV = /TOKEN|PASSWORD|SECRET|DATABASE_URL|API_KEY|PRIVATE/i;
/** A URL with a password in it (`scheme://user:password@host`), anywhere in a manifest. */
const CREDENTIAL_URL = /[a-z][a-z0-9+.-]*:\/\/[^\s/:@'"]+:[^\s/@'"$]+@/i;

/**
 * Field names of a container (core/v1 Container): the schemas accept unknown fields, so a
 * typo like `readinesProbe` would validate and silently do nothing.
 */
const CONTAINER_FIELDS = new Set([
  'name',
  'image',
  'command',
  'args',
  'workingDir',
  'ports',
  'envFrom',
  'env',
  'resources',
  'resizePolicy',
  'restartPolicy',
  'volumeMounts',
  'volumeDevices',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle',
  'terminationMessagePath',
  'terminationMessagePolicy',
  'imagePullPolicy',
  'securityContext',
  'stdin',
  'stdinOnce',
  'tty',
]);

interface Container {
  name?: string;
  image?: string;
  env?: { name?: string; value?: string; valueFrom?: unknown }[];
  ports?: { name?: string; containerPort?: number }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  securityContext?: SecurityContext;
  volumeMounts?: { name?: string; mountPath?: string }[];
}
interface Probe {
  httpGet?: { path?: string; port?: string | number };
  tcpSocket?: unknown;
  exec?: unknown;
  grpc?: unknown;
}
interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
  privileged?: boolean;
  capabilities?: { drop?: string[]; add?: string[] };
}
interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  securityContext?: SecurityContext;
  volumes?: { name?: string; configMap?: { name?: string } }[];
  hostNetwork?: boolean;
  hostPID?: boolean;
}
interface Workload {
  metadata?: { name?: string };
  spec?: {
    replicas?: number;
    selector?: { matchLabels?: Record<string, string> };
    template?: { metadata?: { labels?: Record<string, string> }; spec?: PodSpec };
    minAvailable?: number | string;
    ports?: { name?: string; targetPort?: string | number }[];
  };
  data?: Record<string, unknown>;
  stringData?: Record<string, unknown>;
}

/**
 * The rules every manifest of the base keeps beyond the schemas: probes, non-root, read-only
 * root filesystem, resources, no literal secrets, images the repo builds, and the wiring
 * between objects (Service → pods, PodDisruptionBudget → gateway, ConfigMap volumes).
 */
export function checkHouseRules(objects: LoadedObject[], kustomization: Kustomization): Problem[] {
  const problems: Problem[] = [];
  const deployments = objects.filter((o) => o.data.kind === 'Deployment');
  const configMaps = new Set(
    objects
      .filter((o) => o.data.kind === 'ConfigMap')
      .map((o) => (o.data as Workload).metadata?.name),
  );
  const names = new Set<string>();
  for (const o of objects) {
    const id = objectName(o.data);
    if (names.has(id)) problems.push({ file: o.file, object: id, message: 'defined twice' });
    names.add(id);
    const say = (message: string) => problems.push({ file: o.file, object: id, message });
    if (o.data.kind === 'Secret')
      say(
        'a Secret in the base commits secret values: reference it (secretKeyRef) and document it',
      );
    if (CREDENTIAL_URL.test(JSON.stringify(o.data)))
      say('a URL with a password in it: take it from a Secret');
    if (o.data.kind === 'Deployment')
      checkDeployment(o.data as Workload, kustomization, configMaps, say);
  }
  checkGateway(objects, deployments, problems);
  checkServices(objects, deployments, problems);
  return problems;
}

function checkDeployment(
  workload: Workload,
  kustomization: Kustomization,
  configMaps: Set<string | undefined>,
  say: (message: string) => void,
): void {
  const pod = workload.spec?.template?.spec ?? {};
  const podSecurity = pod.securityContext ?? {};
  if (pod.hostNetwork || pod.hostPID) say('hostNetwork/hostPID: not for these pods');
  const volumes = new Set((pod.volumes ?? []).map((v) => v.name));
  for (const volume of pod.volumes ?? []) {
    if (volume.configMap && !configMaps.has(volume.configMap.name)) {
      say(`volume ${volume.name}: ConfigMap "${volume.configMap.name}" is not in the base`);
    }
  }
  const containers = [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
  if (containers.length === 0) say('no containers');
  for (const c of pod.containers ?? []) {
    const where = `container ${c.name ?? '?'}`;
    for (const key of Object.keys(c)) {
      if (!CONTAINER_FIELDS.has(key)) say(`${where}: unknown field "${key}"`);
    }
    const image = (c.image ?? '').replace(/[:@].*$/, '');
    if (!REPO_IMAGE.test(image))
      say(`${where}: image "${c.image}" is not one the repo builds (${REPO_IMAGE.source})`);
    else if (!kustomization.images.includes(image))
      say(`${where}: image ${image} is missing from the kustomization's images`);
    if (/[:@]/.test(c.image ?? ''))
      say(`${where}: the tag belongs in the kustomization's images, not in the manifest`);
    const ports = new Set((c.ports ?? []).map((p) => p.name));
    for (const [kind, probe] of [
      ['readinessProbe', c.readinessProbe],
      ['livenessProbe', c.livenessProbe],
    ] as const) {
      if (!probe || !(probe.httpGet || probe.tcpSocket || probe.exec || probe.grpc)) {
        say(`${where}: no ${kind}`);
      } else if (typeof probe.httpGet?.port === 'string' && !ports.has(probe.httpGet.port)) {
        say(`${where}: ${kind} port "${probe.httpGet.port}" is not a named port of the container`);
      }
    }
    for (const kind of ['requests', 'limits'] as const) {
      for (const resource of ['cpu', 'memory']) {
        if (c.resources?.[kind]?.[resource] === undefined)
          say(`${where}: resources.${kind}.${resource} is not set`);
      }
    }
    const security = c.securityContext ?? {};
    if ((security.runAsNonRoot ?? podSecurity.runAsNonRoot) !== true)
      say(`${where}: runAsNonRoot is not true`);
    const uid = security.runAsUser ?? podSecurity.runAsUser;
    if (typeof uid !== 'number' || uid === 0) say(`${where}: runAsUser must be a non-zero uid`);
    if (security.readOnlyRootFilesystem !== true)
      say(`${where}: readOnlyRootFilesystem is not true`);
    if (security.allowPrivilegeEscalation !== false)
      say(`${where}: allowPrivilegeEscalation is not false`);
    if (security.privileged) say(`${where}: privileged`);
    if (!security.capabilities?.drop?.includes('ALL'))
      say(`${where}: capabilities.drop does not include ALL`);
    if (security.capabilities?.add?.length) say(`${where}: adds capabilities`);
    for (const mount of c.volumeMounts ?? []) {
      if (!volumes.has(mount.name))
        say(`${where}: volumeMount ${mount.name} names no volume of the pod`);
    }
    for (const env of c.env ?? []) {
      if (SECRET_ENV.test(env.name ?? '') && env.value) {
        say(
          `${where}: env ${env.name} has a literal value; take it from a Secret (valueFrom.secretKeyRef)`,
        );
      }
    }
  }
}

/** The gateway: 3 replicas, /ready and /health, a PodDisruptionBudget keeping 2. */
function checkGateway(
  objects: LoadedObject[],
  deployments: LoadedObject[],
  problems: Problem[],
): void {
  const gateway = deployments.find((d) => (d.data as Workload).metadata?.name === 'aether-gateway');
  if (!gateway) {
    problems.push({ file: 'kustomization.yaml', message: 'no Deployment aether-gateway' });
    return;
  }
  const spec = (gateway.data as Workload).spec;
  const say = (message: string) =>
    problems.push({ file: gateway.file, object: 'Deployment/aether-gateway', message });
  if ((spec?.replicas ?? 1) < 3) say(`replicas ${spec?.replicas ?? 1}: the gateway runs 3`);
  const container = spec?.template?.spec?.containers?.[0];
  if (container?.readinessProbe?.httpGet?.path !== '/ready')
    say('readinessProbe must be GET /ready');
  if (container?.livenessProbe?.httpGet?.path !== '/health')
    say('livenessProbe must be GET /health');
  const podLabels = spec?.template?.metadata?.labels ?? {};
  const budget = objects.find(
    (o) =>
      o.data.kind === 'PodDisruptionBudget' &&
      selects((o.data as Workload).spec?.selector?.matchLabels, podLabels),
  );
  if (!budget) say('no PodDisruptionBudget selects the gateway pods');
  else if ((budget.data as Workload).spec?.minAvailable !== 2) {
    problems.push({
      file: budget.file,
      object: objectName(budget.data),
      message: 'minAvailable must be 2',
    });
  }
}

/** Every Service selects the pods of a Deployment and targets a port they name. */
function checkServices(
  objects: LoadedObject[],
  deployments: LoadedObject[],
  problems: Problem[],
): void {
  for (const service of objects.filter((o) => o.data.kind === 'Service')) {
    const spec = (service.data as Workload).spec as {
      selector?: Record<string, string>;
      ports?: { targetPort?: unknown }[];
    };
    const say = (message: string) =>
      problems.push({ file: service.file, object: objectName(service.data), message });
    const target = deployments.find((d) =>
      selects(spec?.selector, (d.data as Workload).spec?.template?.metadata?.labels ?? {}),
    );
    if (!target) {
      say('its selector matches no Deployment of the base');
      continue;
    }
    const named = new Set(
      ((target.data as Workload).spec?.template?.spec?.containers ?? []).flatMap((c) =>
        (c.ports ?? []).map((p) => p.name),
      ),
    );
    for (const port of spec?.ports ?? []) {
      if (typeof port.targetPort === 'string' && !named.has(port.targetPort)) {
        say(`targetPort "${port.targetPort}" is not a port of ${objectName(target.data)}`);
      }
    }
  }
}

function selects(
  selector: Record<string, string> | undefined,
  labels: Record<string, string>,
): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([key, value]) => labels[key] === value);
}
