import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** One finding about the manifests: which file, which object, what is wrong. */
export interface Problem {
  file: string;
  /** `Kind/name` of the object, when the problem is about one. */
  object?: string;
  message: string;
}

/** A Kubernetes object as parsed from a manifest, with the file it came from. */
export interface LoadedObject {
  file: string;
  data: Record<string, unknown>;
}

export interface Kustomization {
  resources: string[];
  /** `images[].name` of the kustomization: the images an overlay can retag. */
  images: string[];
}

export function objectName(data: Record<string, unknown>): string {
  const metadata = data.metadata as { name?: unknown } | undefined;
  return `${String(data.kind)}/${String(metadata?.name ?? '?')}`;
}

/**
 * Reads `kustomization.yaml` of a kustomize base and every resource file it lists. Only plain
 * files are resources here: the base has no remote bases or generators, and a path that
 * does not resolve to a file is a problem (kustomize would fail the same way).
 */
export async function loadKustomization(
  dir: string,
): Promise<{ kustomization: Kustomization; objects: LoadedObject[]; problems: Problem[] }> {
  const problems: Problem[] = [];
  const file = 'kustomization.yaml';
  const docs = await parseFile(dir, file, problems);
  const root = docs[0] ?? {};
  if (root.kind !== 'Kustomization') {
    problems.push({ file, message: 'kind must be Kustomization' });
  }
  const resources = stringList(root.resources, 'resources', file, problems);
  const images = Array.isArray(root.images)
    ? root.images.map((image) => String((image as { name?: unknown }).name))
    : [];
  for (const key of ['configMapGenerator', 'secretGenerator', 'patches', 'components']) {
    if (key in root) problems.push({ file, message: `${key}: the base keeps plain files only` });
  }
  const objects: LoadedObject[] = [];
  const seen = new Set<string>();
  for (const resource of resources) {
    if (path.isAbsolute(resource) || resource.split(/[\\/]/).includes('..')) {
      problems.push({ file, message: `resource "${resource}" must be a file inside the base` });
      continue;
    }
    if (seen.has(resource))
      problems.push({ file, message: `resource "${resource}" is listed twice` });
    seen.add(resource);
    const isFile = await stat(path.join(dir, resource)).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!isFile) {
      problems.push({ file, message: `resource "${resource}" does not resolve to a file` });
      continue;
    }
    for (const data of await parseFile(dir, resource, problems))
      objects.push({ file: resource, data });
  }
  return { kustomization: { resources, images }, objects, problems };
}

/** Every YAML document of a file, as objects; a syntax error or a non-object is a problem. */
export async function parseFile(
  dir: string,
  file: string,
  problems: Problem[],
): Promise<Record<string, unknown>[]> {
  const text = await readFile(path.join(dir, file), 'utf8').catch(() => undefined);
  if (text === undefined) {
    problems.push({ file, message: 'cannot be read' });
    return [];
  }
  const out: Record<string, unknown>[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      for (const error of doc.errors) problems.push({ file, message: `YAML: ${error.message}` });
      continue;
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      problems.push({ file, message: 'a document is not a YAML mapping' });
      continue;
    }
    out.push(value as Record<string, unknown>);
  }
  return out;
}

function stringList(value: unknown, key: string, file: string, problems: Problem[]): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    problems.push({ file, message: `${key} must be a list of file names` });
    return [];
  }
  return value as string[];
}
