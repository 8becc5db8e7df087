import { describe, expect, it } from 'vitest';
import { waitFor } from '@testing-library/react';
import { http } from 'msw';
import { GATEWAY, requests, server } from '../../testing/server';
import { renderPanel } from '../../testing/render-panel';
import firstRequests from './first-requests.json';

/**
 * first-requests.json names the gateway read a deploy's page waits for, by page pattern
 * (`/deploys/:id`); aether-static writes it, with the page's deploy id in it, into the shell's
 * page so the comparison leaves before any of the panel's code has run, and the shell hands the
 * answer to the panel's first GET of exactly that URL. This keeps the name equal to what the page
 * asks first — with an id that must be encoded, as aether-static writes it (encodeURIComponent of
 * the path's decoded segment).
 */
const declared: Record<string, string[]> = firstRequests;

describe('the first requests the deploy page declares', () => {
  it.each(Object.entries(declared))('are what the page at %s asks first', async (page, urls) => {
    const segment = encodeURIComponent('dep 7/ü');
    server.use(
      http.get(`${GATEWAY}/api/deploys/:id/comparison`, () => new Promise<never>(() => {})),
    );
    renderPanel({ path: page.replace(':id', segment) });
    const asked = () => requests.filter((u) => u.pathname.startsWith('/api/')).map((u) => u.href);
    await waitFor(() => expect(asked().length).toBeGreaterThanOrEqual(urls.length));
    expect(asked().slice(0, urls.length)).toEqual(
      urls.map((u) => new URL(u.replace(':id', segment), GATEWAY).href),
    );
  });
});
