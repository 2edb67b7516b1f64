import { Actor, hasRole } from '../auth/actor';
import { allow, deny, Decision } from '../auth/policy';
import { Role, User } from './user.entity';

export function canManageUsers(actor: Actor | null): Decision {
  return hasRole(actor, Role.ADMIN) ? allow(Role.ADMIN) : deny('Only an administrator manages users and roles.');
}

export function canReadUser(actor: Actor | null, user: User): Decision {
  if (actor?.userId === user.id) return allow('SELF');
  for (const r of [Role.ADMIN, Role.AUDITOR, Role.SECRETARIAT]) if (hasRole(actor, r)) return allow(r);
  return deny('You can only see your own account.');
}
