/** Header a browser must send on mutating requests (CSRF guard alongside SameSite=Strict). */
export const CSRF_HEADER = 'x-aether-csrf';
