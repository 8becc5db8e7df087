declare global {
  interface Window {
    /** Set by a deploy's own script (e.g. /config.js) to point one built image at any gateway. */
    __AETHER__?: { gatewayUrl?: string };
  }
}

export const DEFAULT_GATEWAY_URL = 'http://localhost:8080';

/**
 * The gateway's base URL, first found of: window.__AETHER__.gatewayUrl,
 * <meta name="aether-gateway" content>, VITE_GATEWAY_URL at build time, http://localhost:8080.
 * Run-time sources win so one built image works anywhere.
 */
export function resolveGatewayUrl(
  doc: Document = document,
  win: Window = window,
  buildTime: string | undefined = import.meta.env.VITE_GATEWAY_URL as string | undefined,
): string {
  const meta = doc.querySelector('meta[name="aether-gateway"]')?.getAttribute('content');
  const url = [win.__AETHER__?.gatewayUrl, meta, buildTime].find(
    (v) => typeof v === 'string' && v.trim() !== '',
  );
  return (url ?? DEFAULT_GATEWAY_URL).trim().replace(/\/+$/, '');
}
