import { ROLE_RANK, type Role } from '@aether/contract';

/** viewer < operator < admin; a caller without a role has none of them. */
export function hasRole(role: Role | null | undefined, required: Role): boolean {
  return role ? ROLE_RANK[role] >= ROLE_RANK[required] : false;
}
