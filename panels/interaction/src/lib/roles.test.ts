import { describe, expect, it } from 'vitest';
import { ROLE_RANK, type Identity, type Role } from '@aether/contract';
import { hasRole, roleRequirement } from './roles';

const as = (role: Role | null, authenticated = true): Identity => ({
  name: 'val',
  role,
  authenticated,
});

describe('roles', () => {
  it('ranks roles as the contract does', () => {
    const roles: Role[] = ['viewer', 'operator', 'admin'];
    for (const have of roles)
      for (const need of roles)
        expect(hasRole(as(have), need)).toBe(ROLE_RANK[have] >= ROLE_RANK[need]);
    expect(hasRole(as(null), 'viewer')).toBe(false);
  });

  it.each([
    [as('viewer', false), 'operator', 'Operator role required — sign in'],
    [as('viewer'), 'operator', 'Operator role required — you are signed in as val (viewer)'],
    [as('operator'), 'admin', 'Admin role required — you are signed in as val (operator)'],
  ] as const)('%j needing %s: %s', (user, role, text) => {
    expect(roleRequirement(user, role)).toBe(text);
  });
});
