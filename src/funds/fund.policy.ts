import { Actor, hasRole } from '../auth/actor';
import { allow, deny, Decision } from '../auth/policy';
import { Role } from '../users/user.entity';

export function canManageFunds(actor: Actor | null): Decision {
  return hasRole(actor, Role.ADMIN) ? allow(Role.ADMIN) : deny('Only an administrator manages funds.');
}
