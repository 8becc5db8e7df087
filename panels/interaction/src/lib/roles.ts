import type { Identity, Role } from '@aether/contract';

/**
 * Same order as the contract's ROLE_RANK, restated here because @aether/contract is not a shared
 * federation module: importing a value from it would put zod and every schema in the panel bundle.
 */
const RANK: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

export function hasRole(user: Identity, required: Role): boolean {
  return user.role !== null && RANK[user.role] >= RANK[required];
}

/** Why the user may only look, e.g. "Operator role required — sign in". */
export function roleRequirement(user: Identity, required: Role): string {
  const name = `${required[0]!.toUpperCase()}${required.slice(1)} role required`;
  return user.authenticated
    ? `${name} — you are signed in as ${user.name} (${user.role ?? 'no role'})`
    : `${name} — sign in`;
}
