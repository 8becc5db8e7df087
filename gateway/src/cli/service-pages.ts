import { ServiceList } from '@aether/contract';

/** Services per page `aether verify` asks for, and verifies together. */
export const VERIFY_PAGE_SIZE = 100;

/** An answer the caller must report (not 2xx, or not a service list). */
export class PageRefused extends Error {
  constructor(
    readonly status: number,
    readonly text: string,
  ) {
    super(`HTTP ${status}`);
    this.name = 'PageRefused';
  }
}

/** The target of `Link: <…>; rel="next"`, resolved against the answer's URL. */
export function nextLinkOf(link: string | null, base: URL): URL | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const match = /<([^>]*)>\s*;\s*rel="?next"?/i.exec(part);
    if (match) return new URL(match[1]!, base);
  }
  return undefined;
}

/**
 * The ids of the services GET /api/services lists for `query`, one page (`limit`) at a time,
 * following `Link: rel="next"` — a 10,000-service fleet is never pulled in one answer.
 */
export async function* serviceIdPages(options: {
  gateway: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  signal: AbortSignal;
  pageSize?: number;
}): AsyncGenerator<string[]> {
  let url: URL | undefined = new URL('/api/services', options.gateway);
  for (const [key, value] of Object.entries(options.query)) url.searchParams.set(key, value);
  url.searchParams.set('limit', String(options.pageSize ?? VERIFY_PAGE_SIZE));
  while (url) {
    const response = await fetch(url, {
      headers: { accept: 'application/json', ...options.headers },
      signal: options.signal,
    });
    const text = await response.text();
    if (!response.ok) throw new PageRefused(response.status, text);
    const page = ServiceList.safeParse(safeJson(text));
    if (!page.success) throw new PageRefused(response.status, text);
    yield page.data.map((s) => s.id);
    url = nextLinkOf(response.headers.get('link'), url);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
