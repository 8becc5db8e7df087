import { z } from 'zod';
import { Role } from './common.js';

export const SessionRequest = z.strictObject({ token: z.string().min(1).max(4096) });
export type SessionRequest = z.infer<typeof SessionRequest>;

/** Who the caller is; anonymous callers get the `auth.anonymous` role, or none. */
export const Identity = z.object({
  name: z.string(),
  role: Role.nullable(),
  authenticated: z.boolean(),
});
export type Identity = z.infer<typeof Identity>;

export { CSRF_HEADER } from './http-constants.js';
