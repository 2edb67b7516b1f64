import { Actor, hasAnyRole, hasRole, memberOf } from '../auth/actor';
import { allow, deny, Decision } from '../auth/policy';
import { Role } from '../users/user.entity';
import type { Organization } from './organization.entity';

/** Roles that see every organisation (not its bank account). */
export const STAFF_ROLES = [Role.ADMIN, Role.SECRETARIAT, Role.AUDITOR, Role.BOARD_MEMBER];

function memberRole(actor: Actor | null, org: Organization): Role | null {
  if (!memberOf(actor, org.id)) return null;
  return org.kind === 'NGO' ? Role.NGO : Role.DONOR;
}

export function canReadOrganization(actor: Actor | null, org: Organization): Decision {
  const staff = hasAnyRole(actor, STAFF_ROLES);
  if (staff) return allow(staff);
  const member = memberRole(actor, org);
  return member ? allow(member) : deny('Only members of this organisation and fund staff can see it.');
}

export function canCreateOrganization(actor: Actor | null): Decision {
  const role = hasAnyRole(actor, [Role.ADMIN, Role.SECRETARIAT]);
  return role ? allow(role) : deny('Only an administrator or the secretariat can create organisations.');
}

export function canEditOrganization(actor: Actor | null, org: Organization): Decision {
  const member = memberRole(actor, org);
  if (member) return allow(member);
  const role = hasAnyRole(actor, [Role.ADMIN, Role.SECRETARIAT]);
  return role ? allow(role) : deny('Only the organisation itself, the secretariat or an administrator can edit it.');
}

export function canSeeBankAccount(actor: Actor | null, org: Organization): Decision {
  const member = memberRole(actor, org);
  if (member) return allow(member);
  if (hasRole(actor, Role.SECRETARIAT)) return allow(Role.SECRETARIAT);
  return deny('Bank details are visible only to the organisation and the secretariat.');
}

export function canSetBankAccount(actor: Actor | null, org: Organization): Decision {
  if (org.kind !== 'NGO') return deny('Only NGOs keep a bank account on file.');
  return canSeeBankAccount(actor, org);
}

export function canVetOrganization(actor: Actor | null): Decision {
  return hasRole(actor, Role.SECRETARIAT) ? allow(Role.SECRETARIAT) : deny('Only the secretariat vets organisations.');
}
