import { useEffect } from 'react';
import { useFleetSummary } from './fleet-summary';

/** The brand mark (the top bar's gradient square), drawn for a 32×32 tab icon. */
const MARK =
  '<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">' +
  '<stop offset="0" stop-color="#5b7fe0"/><stop offset="1" stop-color="#2fa866"/></linearGradient></defs>' +
  '<rect x="4" y="4" width="24" height="24" rx="7" fill="url(#g)"/>';

/**
 * The tab icon as SVG: the plain mark, or with a red disc in its corner holding the number of
 * down services ("9+" past nine, which a 16 px icon still shows).
 */
export function faviconSvg(down: number): string {
  if (down <= 0)
    return `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32">${MARK}</svg>`;
  const text = down > 9 ? '9+' : String(down);
  const size = text.length > 1 ? 12 : 16;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32">${MARK}` +
    '<circle cx="22" cy="10" r="10" fill="#d92d2d" stroke="#ffffff" stroke-width="2"/>' +
    `<text x="22" y="10" dy="0.35em" text-anchor="middle" font-family="system-ui,sans-serif" ` +
    `font-size="${size}" font-weight="700" fill="#ffffff">${text}</text></svg>`
  );
}

/** A data: URL, which the shell's CSP allows for images (img-src data:) and needs no server. */
export function faviconHref(down: number): string {
  return `data:image/svg+xml,${encodeURIComponent(faviconSvg(down))}`;
}

/**
 * The tab icon shows how many services are down, next to the title's "(3 down)", so an outage
 * is seen in a pinned tab too; the plain mark when none is. The only place that sets the icon.
 */
export function useDownCountFavicon() {
  const down = useFleetSummary().summary?.counts.down ?? 0;
  useEffect(() => {
    let link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
    if (!link) {
      link = document.createElement('link');
      link.rel = 'icon';
      document.head.append(link);
    }
    link.type = 'image/svg+xml';
    link.href = faviconHref(down);
  }, [down]);
}
