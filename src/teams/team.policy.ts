import { hasRole, memberOf, type Actor } from '../auth/actor';
import { allow, deny, type Decision } from '../auth/policy';
import { Role } from '../users/user.entity';

/** An organisation's team is managed by its ORG_ADMINs, and by the platform's administrators. */
export function canManageTeam(actor: Actor | null, organizationId: string): Decision {
  if (hasRole(actor, Role.ORG_ADMIN, { organizationId })) return allow(Role.ORG_ADMIN);
  if (hasRole(actor, Role.ADMIN)) return allow(Role.ADMIN);
  return deny("Only the organisation's administrators manage its team.");
}

/** Who sees the list of members: the organisation's members, and the platform's administrators. */
export function canReadTeam(actor: Actor | null, organizationId: string): Decision {
  const manage = canManageTeam(actor, organizationId);
  if (manage.allowed) return manage;
  return memberOf(actor, organizationId) ? allow('SELF') : deny("Only the organisation's members see its team.");
}
