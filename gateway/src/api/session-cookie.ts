import type { AppKoaContext } from './context.js';

/** The session cookie over plain http (a loopback demo). */
export const SESSION_COOKIE = 'aether_session';
/**
 * Over TLS (our own socket, or a proxy trusted by server.trustProxy saying https): the `__Host-`
 * prefix makes the browser refuse the cookie unless Secure, Path=/ and without Domain, so a
 * sibling subdomain or a plain-http page cannot plant or overwrite it.
 */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

type CookieContext = Pick<AppKoaContext, 'cookies' | 'secure'>;

/** The session id the browser sent, from either cookie (the secure one first). */
export function readSessionCookie(ctx: CookieContext): string | undefined {
  return ctx.cookies.get(SECURE_SESSION_COOKIE) || ctx.cookies.get(SESSION_COOKIE) || undefined;
}

export function writeSessionCookie(ctx: CookieContext, id: string, maxAgeMs: number): void {
  ctx.cookies.set(ctx.secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, id, {
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.secure,
    path: '/',
    maxAge: maxAgeMs,
    overwrite: true,
  });
}

/** Clears the session cookie; the secure one only where it could be set (a browser ignores it over http). */
export function clearSessionCookies(ctx: CookieContext): void {
  for (const name of ctx.secure ? [SECURE_SESSION_COOKIE, SESSION_COOKIE] : [SESSION_COOKIE]) {
    ctx.cookies.set(name, '', {
      httpOnly: true,
      sameSite: 'strict',
      secure: ctx.secure,
      path: '/',
      maxAge: 0,
      overwrite: true,
    });
  }
}
