/**
 * Origins the page's Content-Security-Policy has blocked, so a panel that fails to load because
 * it was registered on a new origin after this page was served says so, instead of a bare
 * "Failed to fetch" (the fix is a reload, which brings the refreshed policy).
 */
const blocked = new Set<string>();

if (typeof document !== 'undefined') {
  document.addEventListener('securitypolicyviolation', (event) => {
    try {
      blocked.add(new URL(event.blockedURI).origin);
    } catch {
      // "inline", "eval" and the like are not origins
    }
  });
}

export function blockedByCsp(url: string): boolean {
  try {
    return blocked.has(new URL(url).origin);
  } catch {
    return false;
  }
}

/** Tests: pretend the policy blocked this origin. */
export function recordCspViolation(origin: string): void {
  blocked.add(origin);
}

export function clearCspViolations(): void {
  blocked.clear();
}
