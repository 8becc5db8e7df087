import { describe, expect, it } from 'vitest';
import { waitFor } from '@testing-library/react';
import { servicesHandlers } from '@aether/contract/msw';
import { makeServices } from '@aether/contract/fixtures';
import { GATEWAY, requests, server } from '../../testing/server';
import { renderPanel } from '../../testing/render-panel';
import firstRequests from './first-requests.json';

/**
 * first-requests.json (built as aether-first-requests.json beside mf-manifest.json) names, per page of the panel, the gateway reads its first
 * paint waits for; aether-static writes them into the shell's page so they leave before the panel's
 * code has run, and the shell hands each answer to the first GET of exactly that URL. A name that
 * is not what the panel asks is a wasted read at the gateway and no gain: this keeps them equal.
 */
const declared: Record<string, string[]> = firstRequests;

describe('the first requests the panel declares', () => {
  it.each(Object.entries(declared))(
    'are the reads the list at %s asks for its first rows',
    async (path, urls) => {
      server.use(
        ...servicesHandlers({ baseUrl: GATEWAY, services: makeServices(12), revision: 1 }),
      );
      renderPanel({ path });
      const firstPages = () =>
        requests
          .filter((u) => u.pathname === '/api/services' && u.searchParams.get('limit') === '100')
          .map((u) => `${u.pathname}${u.search}`);
      await waitFor(() => expect(firstPages()).toHaveLength(2));
      expect(urls.map((u) => new URL(u, GATEWAY).href)).toEqual(
        firstPages().map((u) => new URL(u, GATEWAY).href),
      );
    },
  );
});
