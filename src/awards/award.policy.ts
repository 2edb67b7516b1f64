import { Actor, hasAnyRole, memberOf } from '../auth/actor';
import { allow, deny, Decision } from '../auth/policy';
import { Role } from '../users/user.entity';
import type { Award } from './award.entity';

export const AWARD_STAFF = [Role.SECRETARIAT, Role.BOARD_MEMBER, Role.AUDITOR, Role.ADMIN];

export function canReadAward(actor: Actor | null, award: Award): Decision {
  if (memberOf(actor, award.organization.id)) return allow(Role.NGO);
  const staff = hasAnyRole(actor, AWARD_STAFF, { fundId: award.fund.id });
  return staff ? allow(staff) : deny('Only the grantee and fund staff can see this award.');
}
