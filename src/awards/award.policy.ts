import type { FilterQuery } from '@mikro-orm/core';
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

/** `canReadAward` as a filter: the caller's organisations' awards, and those of the funds it staffs. */
export function readableAwardsWhere(actor: Actor): FilterQuery<Award> {
  if (hasAnyRole(actor, AWARD_STAFF, { fundId: '' })) return {};
  const funds = [
    ...new Set(actor.grants.filter((g) => AWARD_STAFF.includes(g.role) && g.fundId).map((g) => g.fundId!)),
  ];
  const or: FilterQuery<Award>[] = [];
  if (actor.memberships.length) or.push({ organization: { $in: actor.memberships } });
  if (funds.length) or.push({ fund: { $in: funds } });
  return or.length ? { $or: or } : { id: null };
}
