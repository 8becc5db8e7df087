import { ROLE_RANK, type Identity, type Role } from '@aether/contract';

export function hasRole(user: Identity, required: Role): boolean {
  return user.role !== null && ROLE_RANK[user.role] >= ROLE_RANK[required];
}

/** Why the user may only look, e.g. "Operator role required — sign in". */
export function roleRequirement(user: Identity, required: Role): string {
  const name = `${required[0]!.toUpperCase()}${required.slice(1)} role required`;
  return user.authenticated ? `${name} — you are signed in as ${user.name} (${user.role ?? 'no role'})` : `${name} — sign in`;
}
