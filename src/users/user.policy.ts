import { Actor, hasRole } from '../auth/actor';
import { anywhereAs, decideRead, defineReadRule, isSelf } from '../auth/read-rule';
import { allow, deny, Decision } from '../auth/policy';
import { refuse, type RuleDecision } from '../auth/enforce';
import { ErrorCode } from '../core/errors';
import { Role, RoleGrant, User } from './user.entity';

export function canManageUsers(actor: Actor | null): Decision {
  return hasRole(actor, Role.ADMIN) ? allow(Role.ADMIN) : deny('Only an administrator manages users and roles.');
}

/** Switching an account off or on: an administrator, who never switches their own account off. */
export function canSetUserActive(actor: Actor | null, user: User, active: boolean): RuleDecision {
  const who = canManageUsers(actor);
  if (who.allowed && !active && user.id === actor?.userId) {
    return refuse(ErrorCode.INVALID_STATE, 'You cannot deactivate your own account.', 'userId');
  }
  return who;
}

/** Revoking a role grant: an administrator, who never revokes their own administrator role. */
export function canRevokeGrant(actor: Actor | null, grant: RoleGrant): RuleDecision {
  const who = canManageUsers(actor);
  if (who.allowed && grant.user.id === actor?.userId && grant.role === Role.ADMIN) {
    return refuse(ErrorCode.INVALID_STATE, 'You cannot revoke your own administrator role.', 'grantId');
  }
  return who;
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
