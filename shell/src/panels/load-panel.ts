import type { Panel } from '@aether/contract';
import { contextIncompatibility, remoteNameFor } from '../contract-runtime';
import type { ComponentType } from 'react';
import type { PanelContext } from '@aether/contract';
import type { PanelLinks } from '@aether/panel-kit';
import { loadPanelExpose, registerPanelRemote } from './federation-runtime';
import { PanelFailure } from './panel-failure';
import { blockedByCsp } from './csp-violations';
import { matchesIntegrity, parseIntegrity } from './subresource-integrity';

export interface PanelModule {
  default: ComponentType<{ context: PanelContext }>;
  contextVersion: string;
  /** What the panel shows, declared by the panel: the shell links to it only through these. */
  links?: PanelLinks;
}

interface Manifest {
  name: string;
  metaData: { publicPath?: string; remoteEntry: { name: string; path?: string; type?: string } };
  exposes: Array<{ name?: string; path?: string }>;
}

function isManifest(value: unknown): value is Manifest {
  const m = value as Manifest;
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof m.name === 'string' &&
    typeof m.metaData?.remoteEntry?.name === 'string' &&
    Array.isArray(m.exposes)
  );
}

/** Adds a cache-busting query so a retry really fetches again instead of reusing a failed or stale answer. */
export function bust(url: string, attempt: number): string {
  if (attempt === 0) return url;
  const u = new URL(url);
  u.searchParams.set('aether-retry', String(attempt));
  return u.toString();
}

function remoteEntryUrl(manifest: Manifest, manifestUrl: string): string {
  const { publicPath, remoteEntry } = manifest.metaData;
  // "auto" (what @module-federation/vite writes) means: next to the manifest.
  const base =
    !publicPath || publicPath === 'auto'
      ? manifestUrl
      : new URL(publicPath, manifestUrl).toString();
  const path = remoteEntry.path ? `${remoteEntry.path.replace(/\/?$/, '/')}` : '';
  return new URL(`${path}${remoteEntry.name}`, base).toString();
}

function exposesModule(manifest: Manifest, module: string): boolean {
  const bare = module.replace(/^\.\//, '');
  return manifest.exposes.some(
    (e) => e.path === module || e.name === bare || e.path === `./${bare}`,
  );
}

async function fetchManifest(url: string, fetchImpl: typeof fetch): Promise<Manifest> {
  let response: Response;
  try {
    response = await fetchImpl(url, { cache: 'no-store' });
  } catch (error) {
    const why = blockedByCsp(url)
      ? "this page's Content-Security-Policy does not allow its origin yet (registered after the page was loaded): reload the page"
      : (error as Error).message;
    throw new PanelFailure('unreachable', `Could not fetch ${url}: ${why}`, error);
  }
  if (!response.ok)
    throw new PanelFailure('unreachable', `${url} answered HTTP ${response.status}`);
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    throw new PanelFailure('manifest-invalid', `${url} is not JSON`, error);
  }
  if (!isManifest(body))
    throw new PanelFailure(
      'manifest-invalid',
      `${url} is not a federation manifest (name, metaData.remoteEntry, exposes)`,
    );
  return body;
}

/**
 * Fetches the remote entry script and compares its digest with the registry's SRI `integrity`
 * before anything of the remote runs. A value the shell cannot check is refused like a mismatch:
 * whoever registered the panel asked for a check.
 */
async function checkIntegrity(panel: Panel, entry: string, fetchImpl: typeof fetch): Promise<void> {
  const failed = (why: string) =>
    new PanelFailure(
      'integrity-failed',
      `integrity check failed for panel ${panel.id} version ${panel.version}: ${why}`,
    );
  const hashes = parseIntegrity(panel.integrity ?? '');
  if (!hashes)
    throw failed(
      `the registry's integrity "${panel.integrity}" is not SRI metadata (sha256-, sha384- or sha512- and a base64 digest)`,
    );
  let response: Response;
  try {
    // Default cache mode on purpose: the runtime's import of the same URL then most likely gets
    // these very bytes from the HTTP cache (a retry's URL is busted, so it checks afresh).
    response = await fetchImpl(entry);
  } catch (error) {
    throw new PanelFailure(
      'unreachable',
      `Could not fetch ${entry}: ${(error as Error).message}`,
      error,
    );
  }
  if (!response.ok)
    throw new PanelFailure('unreachable', `${entry} answered HTTP ${response.status}`);
  if (!(await matchesIntegrity(await response.arrayBuffer(), hashes)))
    throw failed(`${entry} does not match ${hashes.map((h) => h.algorithm).join(', ')}`);
}

function isComponent(value: unknown): boolean {
  // Function components and classes, or memo/forwardRef objects.
  return (
    typeof value === 'function' ||
    (typeof value === 'object' && value !== null && '$$typeof' in value)
  );
}

/**
 * Loads one panel from its registry entry, checking at each step what can go wrong so the
 * card can name it: unreachable, manifest invalid, name mismatch, module missing,
 * incompatible context. `attempt` > 0 busts every cache on the way.
 */
export function loadPanel(
  panel: Panel,
  attempt: number,
  fetchImpl: typeof fetch = (...a) => fetch(...a),
): Promise<PanelModule> {
  // Mounting the same version again (overview ↔ panel route) reuses the module; a retry never does.
  const key = `${panel.id}\n${panel.version}\n${panel.entry}\n${panel.module}`;
  const cached = attempt === 0 ? loadedPanels.get(key) : undefined;
  if (cached) return cached;
  const loading = loadPanelUncached(panel, attempt, fetchImpl);
  loadedPanels.set(key, loading);
  loading.catch(() => loadedPanels.delete(key));
  return loading;
}

const loadedPanels = new Map<string, Promise<PanelModule>>();

/** Forgets every loaded module (tests). */
export function clearLoadedPanels(): void {
  loadedPanels.clear();
}

async function loadPanelUncached(
  panel: Panel,
  attempt: number,
  fetchImpl: typeof fetch,
): Promise<PanelModule> {
  const expected = remoteNameFor(panel.id);
  let entry: string;
  if (/\.json(\?|$)/.test(panel.entry)) {
    const manifestUrl = bust(panel.entry, attempt);
    const manifest = await fetchManifest(manifestUrl, fetchImpl);
    if (manifest.name !== expected) {
      throw new PanelFailure(
        'name-mismatch',
        `The manifest names the remote "${manifest.name}"; panel "${panel.id}" must be "${expected}".`,
      );
    }
    if (!exposesModule(manifest, panel.module)) {
      const listed = manifest.exposes.map((e) => e.path ?? e.name).join(', ') || 'nothing';
      throw new PanelFailure(
        'module-missing',
        `The remote does not expose "${panel.module}" (it exposes ${listed}).`,
      );
    }
    entry = bust(remoteEntryUrl(manifest, panel.entry), attempt);
  } else {
    entry = bust(panel.entry, attempt);
  }

  if (panel.integrity !== undefined) await checkIntegrity(panel, entry, fetchImpl);

  let loaded: unknown;
  try {
    registerPanelRemote({ name: expected, entry });
    loaded = await loadPanelExpose(expected, panel.module);
  } catch (error) {
    const message = (error as Error)?.message ?? String(error);
    const kind = /expose|module .*not|does not exist/i.test(message)
      ? 'module-missing'
      : 'unreachable';
    throw new PanelFailure(
      kind,
      `Loading ${expected}/${panel.module.replace(/^\.\//, '')} failed: ${message}`,
      error,
    );
  }

  const mod = loaded as Partial<PanelModule> | null | undefined;
  if (!mod || !isComponent(mod.default)) {
    throw new PanelFailure(
      'module-missing',
      `"${panel.module}" has no default export that is a React component.`,
    );
  }
  const incompatibility = contextIncompatibility(mod.contextVersion);
  if (incompatibility) throw new PanelFailure('incompatible-context', `${incompatibility}.`);
  return mod as PanelModule;
}
