import { Actor, hasRole } from '../auth/actor';
import { anywhereAs, decideRead, defineReadRule, isSelf } from '../auth/read-rule';
import { allow, deny, Decision } from '../auth/policy';
import { Role, User } from './user.entity';

export function canManageUsers(actor: Actor | null): Decision {
  return hasRole(actor, Role.ADMIN) ? allow(Role.ADMIN) : deny('Only an administrator manages users and roles.');
}

/** Who reads a user's account: the user, and administrators, auditors and the secretariat. */
export const USER_READ = defineReadRule<User>({
  name: 'user',
  entity: User,
  fields: { id: 'user' },
  clauses: (actor) => [
    { role: 'SELF', when: isSelf(actor, 'id') },
    ...[Role.ADMIN, Role.AUDITOR, Role.SECRETARIAT].map((role) => ({ role, when: anywhereAs(actor, role) })),
  ],
  denied: 'You can only see your own account.',
});

export const canReadUser = (actor: Actor | null, user: User): Decision => decideRead(USER_READ, actor, user);
