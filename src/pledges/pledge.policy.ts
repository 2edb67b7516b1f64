import { parseGlobalId } from '../graphql/relay';
import { Actor, hasAnyRole, hasRole } from '../auth/actor';
import { allow, deny, Decision } from '../auth/policy';
import { Role } from '../users/user.entity';
import type { Organization } from '../organizations/organization.entity';
import { PledgeStatus, type Pledge } from './pledge.entity';

/** Roles that see every pledge and contribution of a fund. */
export const MONEY_READERS = [Role.ADMIN, Role.SECRETARIAT, Role.AUDITOR];

export function isDonorMember(actor: Actor | null, organizationId: string): boolean {
  return hasRole(actor, Role.DONOR, { organizationId });
}

export function canCreatePledge(actor: Actor | null, org: Organization, fundId: string): Decision {
  if (isDonorMember(actor, org.id)) return allow(Role.DONOR);
  if (hasRole(actor, Role.SECRETARIAT, { fundId })) return allow(Role.SECRETARIAT);
  return deny("Only a member of the donor organisation or the fund's secretariat can pledge.");
}

export function canReadPledge(actor: Actor | null, p: Pledge): Decision {
  const staff = hasAnyRole(actor, MONEY_READERS, { fundId: p.fund.id });
  if (staff) return allow(staff);
  if (isDonorMember(actor, p.donorOrganization.id)) return allow(Role.DONOR);
  return deny("Only the donor's members, the secretariat, administrators and auditors see a pledge.");
}

export function canCancelPledge(actor: Actor | null, p: Pledge): Decision {
  if (!hasRole(actor, Role.SECRETARIAT, { fundId: p.fund.id })) {
    return deny('Only the secretariat cancels pledges.');
  }
  if (p.status === PledgeStatus.FULFILLED) return deny('A fully paid pledge cannot be cancelled.');
  return allow(Role.SECRETARIAT);
}

/**
 * Which pledges or contributions a caller may list: null for everything, else a filter on the
 * funds it reads as staff and the donor organisations it belongs to.
 */
export function moneyVisibility(actor: Actor | null): Record<string, unknown> | null {
  const staff = actor?.grants.filter((g) => MONEY_READERS.includes(g.role)) ?? [];
  if (staff.some((g) => g.fundId === null)) return null;
  const funds = staff.map((g) => g.fundId!);
  const orgs = (actor?.grants ?? [])
    .filter((g) => g.role === Role.DONOR && g.organizationId)
    .map((g) => g.organizationId!);
  return { $or: [{ fund: { $in: funds } }, { donorOrganization: { $in: orgs } }] };
}

/**
 * Conditions of a pledge or contribution list: what the caller may see (moneyVisibility) and the
 * fund and donor filters both lists share.
 */
export function moneyListConditions(
  actor: Actor | null,
  filter: { fundId?: string; donorOrganizationId?: string } | null,
): Record<string, unknown>[] {
  const conds: Record<string, unknown>[] = [];
  const visible = moneyVisibility(actor);
  if (visible) conds.push(visible);
  if (filter?.fundId) conds.push({ fund: parseGlobalId(filter.fundId, 'Fund', 'fundId').id });
  if (filter?.donorOrganizationId) {
    conds.push({
      donorOrganization: parseGlobalId(filter.donorOrganizationId, 'Organization', 'donorOrganizationId').id,
    });
  }
  return conds;
}
