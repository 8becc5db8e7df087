import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type { Panel, PanelContext } from '@aether/contract';
import { server } from '../testing/msw-server';
import { createMockGateway, remoteServer } from '../testing/mock-gateway';
import { fakeFederation } from '../testing/fake-federation';
import { HEALTH, mountOf, renderShell, stopShells } from '../testing/render-shell';
import { clearLoadedPanels } from './load-panel';
import { parseIntegrity } from './subresource-integrity';

// The federation runtime is faked (src/testing/setup.ts); the manifest and the entry script
// come from MSW, so the check runs on the bytes a remote server answers.

const ENTRY = 'http://localhost:5174/remoteEntry.js';
const SCRIPT = 'export const init = () => {}; export const get = () => {};';
const sri = (algorithm: 'sha256' | 'sha384' | 'sha512', body: string) =>
  `${algorithm}-${createHash(algorithm).update(body).digest('base64')}`;

function HealthPanel({ context }: { context: PanelContext }) {
  return <h2>Health content {context.panel.version}</h2>;
}

/** The registry lists health with `integrity`; its server answers the manifest and `script`. */
function setup(integrity: string | undefined, script = () => SCRIPT) {
  const panel: Panel = integrity === undefined ? HEALTH : { ...HEALTH, integrity };
  const entryFetches: string[] = [];
  server.use(
    ...createMockGateway({ panels: [panel] }).handlers,
    remoteServer(panel, () => 'ok'),
    http.get(ENTRY, ({ request }) => {
      entryFetches.push(request.url);
      return new HttpResponse(script(), { headers: { 'content-type': 'text/javascript' } });
    }),
  );
  fakeFederation.modules.set(ENTRY, () => ({ default: HealthPanel, contextVersion: '1' }));
  return { entryFetches };
}

beforeEach(() => {
  fakeFederation.reset();
  clearLoadedPanels();
});
afterEach(stopShells);

describe('remote entry integrity (SRI from the registry)', () => {
  const cases: Array<[string, 'ready' | 'error', string | undefined]> = [
    ['matches (sha384)', 'ready', sri('sha384', SCRIPT)],
    [
      'matches the strongest of several (sha256 wrong, sha512 right)',
      'ready',
      `sha256-${'A'.repeat(43)}= ${sri('sha512', SCRIPT)}`,
    ],
    ['does not match', 'error', sri('sha384', 'console.log("tampered")')],
    ['is malformed (not base64 of a digest)', 'error', 'sha384-not-a-digest'],
    [
      'names an algorithm SRI does not know',
      'error',
      `md5-${createHash('md5').update(SCRIPT).digest('base64')}`,
    ],
    ['is missing: loads as before, without fetching the entry itself', 'ready', undefined],
  ];

  it.each(cases)('integrity %s → %s', async (_name, state, integrity) => {
    const { entryFetches } = setup(integrity);
    renderShell('/p/health/');
    await waitFor(() => expect(mountOf('health')).toHaveAttribute('data-panel-state', state));
    if (state === 'ready') {
      expect(screen.getByRole('heading', { name: 'Health content 0.1.0' })).toBeInTheDocument();
      expect(entryFetches).toHaveLength(integrity === undefined ? 0 : 1);
      return;
    }
    const card = screen.getByRole('group', { name: 'Health is unavailable' });
    expect(within(card).getByText('Integrity check failed')).toBeInTheDocument();
    expect(
      within(card).getByText(/^integrity check failed for panel health version 0\.1\.0: /),
    ).toBeInTheDocument();
    expect(within(card).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
    expect(screen.queryByText(/Health content/)).toBeNull();
    expect(fakeFederation.registered).toEqual([]);
  });

  it('never runs a tampered entry, and Retry fetches it again once it is fixed', async () => {
    let served = 'console.log("tampered")';
    const { entryFetches } = setup(sri('sha384', SCRIPT), () => served);
    const { user } = renderShell('/p/health/');
    const card = await screen.findByRole('group', { name: 'Health is unavailable' });
    expect(within(card).getByText(/does not match sha384/)).toBeInTheDocument();
    served = SCRIPT;
    await user.click(within(card).getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('heading', { name: 'Health content 0.1.0' }),
    ).toBeInTheDocument();
    expect(entryFetches.at(-1)).toBe(`${ENTRY}?aether-retry=1`);
  });
});

describe('parseIntegrity', () => {
  it.each([
    [sri('sha256', SCRIPT), ['sha256']],
    [`${sri('sha384', SCRIPT)}   ${sri('sha512', 'x')}?opt`, ['sha384', 'sha512']],
    ['', null],
    ['sha384-', null],
    [`sha384-${'A'.repeat(43)}`, null], // 32 bytes: a sha256 digest labelled sha384
    ['sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=', null],
  ])('%s → %j', (value, algorithms) => {
    expect(parseIntegrity(value)?.map((h) => h.algorithm) ?? null).toEqual(algorithms);
  });
});
