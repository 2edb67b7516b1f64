import { parseGlobalId } from '../graphql/relay';
import { Actor, hasRole } from '../auth/actor';
import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import { allow, deny, Decision } from '../auth/policy';
import type { RuleDecision } from '../auth/enforce';
import { verifiedOnly } from '../auth/verified';
import { decideRead, defineReadRule, inFundsOf, inOrganizationsOf, readFilter, type ReadRule } from '../auth/read-rule';
import { Role } from '../users/user.entity';
import type { Organization } from '../organizations/organization.entity';
import { Pledge, PledgeStatus } from './pledge.entity';

/** Roles that see every pledge and contribution of a fund. */
export const MONEY_READERS = [Role.ADMIN, Role.SECRETARIAT, Role.AUDITOR];

export function isDonorMember(actor: Actor | null, organizationId: string): boolean {
  return hasRole(actor, Role.DONOR, { organizationId });
}

export function canCreatePledge(actor: Actor | null, org: Organization, fundId: string): RuleDecision {
  if (isDonorMember(actor, org.id)) return verifiedOnly(actor, allow(Role.DONOR));
  if (hasRole(actor, Role.SECRETARIAT, { fundId })) return allow(Role.SECRETARIAT);
  return deny("Only a member of the donor organisation or the fund's secretariat can pledge.");
}

/** Who reads a pledge or a contribution: the fund's money staff and the donor organisation's members. */
export function moneyReadRule<T extends object>(name: string, entity: EntityClass<T>, denied: string) {
  return defineReadRule<T>({
    name,
    entity,
    fields: { fund: 'fund', donorOrganization: 'organization' },
    clauses: (actor) => [
      ...MONEY_READERS.map((role) => ({ role, when: inFundsOf(actor, role) })),
      { role: Role.DONOR, when: inOrganizationsOf(actor, Role.DONOR, 'donorOrganization') },
    ],
    denied,
  });
}

export const PLEDGE_READ = moneyReadRule(
  'pledge',
  Pledge,
  "Only the donor's members, the secretariat, administrators and auditors see a pledge.",
);

export const canReadPledge = (actor: Actor | null, p: Pledge): Decision => decideRead(PLEDGE_READ, actor, p);

export function canCancelPledge(actor: Actor | null, p: Pledge): Decision {
  if (!hasRole(actor, Role.SECRETARIAT, { fundId: p.fund.id })) {
    return deny('Only the secretariat cancels pledges.');
  }
  if (p.status === PledgeStatus.FULFILLED) return deny('A fully paid pledge cannot be cancelled.');
  return allow(Role.SECRETARIAT);
}

/**
 * Conditions of a pledge or contribution list: what the caller may see (the same rule for both) and the
 * fund and donor filters both lists share.
 */
export function moneyListConditions<T extends object>(
  rule: ReadRule<T>,
  actor: Actor | null,
  filter: { fundId?: string; donorOrganizationId?: string } | null,
): FilterQuery<object>[] {
  const conds: FilterQuery<object>[] = [readFilter(rule, actor) as FilterQuery<object>];
  if (filter?.fundId) conds.push({ fund: parseGlobalId(filter.fundId, 'Fund', 'fundId').id });
  if (filter?.donorOrganizationId) {
    conds.push({
      donorOrganization: parseGlobalId(filter.donorOrganizationId, 'Organization', 'donorOrganizationId').id,
    });
  }
  return conds;
}
