import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import { Panel, PanelHistory, PanelList, type Panel as PanelType } from '../index.js';
import { PANELS } from '../fixtures/index.js';
import { createInteractionStore } from './interaction-store.js';
import { panelsHandlers } from './panels.js';

const BASE = 'http://gateway.test';
const panels: PanelType[] = structuredClone(PANELS);
const store = createInteractionStore({ signedInAs: 'root-token' });
const announced: PanelType[][] = [];
const server = setupServer(
  ...panelsHandlers({ baseUrl: BASE, panels, store, onChange: (list) => announced.push(list) }),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const call = (method: string, path: string, body?: unknown) =>
  fetch(`${BASE}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('panels handlers', () => {
  it('registers a version, announces the list, and rolls back to the previous one', async () => {
    const put = await call('PUT', '/api/panels/health', {
      entry: 'http://127.0.0.1:6001/mf-manifest.json',
      version: '2.0.0',
    });
    expect(Panel.parse(await put.json())).toMatchObject({
      id: 'health',
      version: '2.0.0',
      title: 'Health',
      module: './Panel',
    });
    expect(announced.at(-1)?.find((p) => p.id === 'health')?.version).toBe('2.0.0');
    expect(PanelList.parse(await (await call('GET', '/api/panels')).json())[0]?.version).toBe(
      '2.0.0',
    );

    const back = Panel.parse(await (await call('POST', '/api/panels/health/rollback', {})).json());
    expect(back).toMatchObject({ version: '0.1.0', entry: PANELS[0]!.entry });
    const history = PanelHistory.parse(
      await (await call('GET', '/api/panels/health/history')).json(),
    );
    expect(history.map((h) => [h.action, h.version, h.current])).toEqual([
      ['rollback', '0.1.0', true],
      ['register', '2.0.0', false],
      ['config', '0.1.0', false],
    ]);
  });

  it('switches a panel off and on', async () => {
    expect(
      (await (await call('POST', '/api/panels/interaction/disable', {})).json()) as PanelType,
    ).toMatchObject({ disabled: true });
    expect(
      (
        (await (
          await call('POST', '/api/panels/interaction/disable', { disabled: false })
        ).json()) as PanelType
      ).disabled,
    ).toBeUndefined();
  });

  it.each([
    [
      'an unknown field',
      'PUT',
      '/api/panels/health',
      { entry: 'http://x/mf-manifest.json', version: '1', colour: 'red' },
      400,
    ],
    ['an unknown panel', 'GET', '/api/panels/ghost/history', undefined, 404],
    ['nothing to roll back to', 'POST', '/api/panels/interaction/rollback', { version: '9' }, 409],
  ])('answers %s with a problem', async (_name, method, path, body, status) => {
    const response = await call(method, path, body);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('asks for the admin role when given a store', async () => {
    store.signIn('alice-token');
    expect(
      (
        await call('PUT', '/api/panels/health', {
          entry: 'http://x/mf-manifest.json',
          version: '3',
        })
      ).status,
    ).toBe(403);
    store.signOut();
  });
});
