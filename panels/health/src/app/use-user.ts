import type { Role } from '@aether/contract';
import { useIdentity } from '@aether/panel-kit';

const OPERATORS: ReadonlyArray<Role | null> = ['operator', 'admin'];

/** Verify runs checks now: the gateway allows it from the operator role up. */
export function useCanVerify(): boolean {
  return OPERATORS.includes(useIdentity().role);
}
