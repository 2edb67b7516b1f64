import { Actor, hasAnyRole, memberOf } from '../auth/actor';
import { allow, deny, Decision } from '../auth/policy';
import { refuse, type RuleDecision } from '../auth/enforce';
import { verifiedOnly } from '../auth/verified';
import { ErrorCode } from '../core/errors';
import { Role } from '../users/user.entity';
import { BankAccountStatus, Organization, OrganizationKind, VettingStatus } from './organization.entity';
import { and, anywhereAs, decideRead, defineReadRule, isIn, readFilter } from '../auth/read-rule';
import type { FilterQuery } from '@mikro-orm/core';
import type { OrganizationFunds } from './organization.repository';
import { VETTING_MACHINE } from './organization.workflow';

/** Roles that see every organisation's profile (not its bank account). */
export const STAFF_ROLES = [Role.ADMIN, Role.SECRETARIAT, Role.AUDITOR, Role.BOARD_MEMBER];

function memberRole(actor: Actor | null, org: Organization): Role | null {
  if (!memberOf(actor, org.id)) return null;
  return org.kind === 'NGO' ? Role.NGO : Role.DONOR;
}

/**
 * The first of `roles` the actor holds over this organisation: a grant for every fund, or one for a
 * fund the organisation deals with (`funds.engaged`, or only `funds.awarded` when `awardedOnly`).
 * An organisation waiting for its first vetting that deals with no fund yet is in every fund's
 * vetting queue.
 */
export function staffRoleOver(
  actor: Actor | null,
  roles: Role[],
  org: Organization,
  funds: OrganizationFunds,
  awardedOnly = false,
): Role | undefined {
  if (!actor) return undefined;
  const reach = awardedOnly ? funds.awarded : funds.engaged;
  const queued = !awardedOnly && org.vettingStatus === VettingStatus.PENDING && funds.engaged.length === 0;
  return roles.find((role) =>
    actor.grants.some((g) => g.role === role && (g.fundId === null || queued || reach.includes(g.fundId))),
  );
}

/** Who reads an organisation's profile: fund staff (every organisation) and its own members. */
export const ORGANIZATION_READ = defineReadRule<Organization>({
  name: 'organization',
  entity: Organization,
  fields: { id: 'organization', kind: Object.values(OrganizationKind) },
  clauses: (actor) => [
    ...STAFF_ROLES.map((role) => ({ role, when: anywhereAs(actor, role) })),
    { role: Role.NGO, when: and(isIn('id', actor?.memberships ?? []), isIn('kind', [OrganizationKind.NGO])) },
    { role: Role.DONOR, when: and(isIn('id', actor?.memberships ?? []), isIn('kind', [OrganizationKind.DONOR])) },
  ],
  denied: 'Only members of this organisation and fund staff can see it.',
});

export const canReadOrganization = (actor: Actor | null, org: Organization): Decision =>
  decideRead(ORGANIZATION_READ, actor, org);

/** `canReadOrganization` as a filter. */
export const readableOrganizationsWhere = (actor: Actor | null): FilterQuery<Organization> =>
  readFilter(ORGANIZATION_READ, actor);

export function canCreateOrganization(actor: Actor | null): Decision {
  const role = hasAnyRole(actor, [Role.ADMIN, Role.SECRETARIAT]);
  return role ? allow(role) : deny('Only an administrator or the secretariat can create organisations.');
}

export function canEditOrganization(actor: Actor | null, org: Organization, funds: OrganizationFunds): Decision {
  const member = memberRole(actor, org);
  if (member) return allow(member);
  const role = staffRoleOver(actor, [Role.ADMIN, Role.SECRETARIAT], org, funds);
  return role
    ? allow(role)
    : deny(
        'Only the organisation itself, or the secretariat or an administrator of a fund it deals with, can edit it.',
      );
}

export function canSeeBankAccount(actor: Actor | null, org: Organization, funds: OrganizationFunds): Decision {
  const member = memberRole(actor, org);
  if (member) return allow(member);
  if (staffRoleOver(actor, [Role.SECRETARIAT], org, funds)) return allow(Role.SECRETARIAT);
  return deny(
    'Bank details are visible only to the organisation and the secretariat of a fund it applied to or holds an award in.',
  );
}

export function canSetBankAccount(actor: Actor | null, org: Organization, funds: OrganizationFunds): Decision {
  if (org.kind !== 'NGO') return deny('Only NGOs keep a bank account on file.');
  return canSeeBankAccount(actor, org, funds);
}

/** Changing the bank details money is paid to: as above, by a caller whose e-mail address is verified. */
export function canChangeBankAccount(actor: Actor | null, org: Organization, funds: OrganizationFunds): RuleDecision {
  return verifiedOnly(actor, canSetBankAccount(actor, org, funds));
}

export function canVetOrganization(actor: Actor | null, org: Organization, funds: OrganizationFunds): Decision {
  return staffRoleOver(actor, [Role.SECRETARIAT], org, funds)
    ? allow(Role.SECRETARIAT)
    : deny('Only the secretariat of a fund the organisation applied to or holds an award in vets it.');
}

/** Vetting to `to` (VERIFIED, REJECTED, SUSPENDED): who may vet, then the move must be in VETTING_MACHINE. */
export function canVetOrganizationTo(
  actor: Actor | null,
  org: Organization,
  funds: OrganizationFunds,
  to: VettingStatus,
): RuleDecision {
  const who = canVetOrganization(actor, org, funds);
  if (!who.allowed) return who;
  if (!VETTING_MACHINE.allows(org.vettingStatus, to)) {
    return refuse(ErrorCode.INVALID_STATE, `A ${org.vettingStatus} organisation cannot become ${to}.`, 'status');
  }
  return who;
}

/**
 * A changed bank account (or legal name) is confirmed by the secretariat of a fund the
 * organisation holds an award in, only while it waits (PENDING_CONFIRMATION), and never by the
 * person who made the change.
 */
export function canConfirmBankAccount(actor: Actor | null, org: Organization, funds: OrganizationFunds): RuleDecision {
  const role = staffRoleOver(actor, [Role.SECRETARIAT], org, funds, true);
  if (!role || !actor) {
    return deny('Only the secretariat of a fund the organisation holds an award in confirms its bank details.');
  }
  if (!org.bankAccount) return refuse(ErrorCode.NO_BANK_ACCOUNT, 'The organisation has no bank account on file.');
  if (org.bankAccountStatus !== BankAccountStatus.PENDING_CONFIRMATION) {
    return refuse(ErrorCode.INVALID_STATE, 'The bank details are already confirmed: nothing waits for a confirmation.');
  }
  if (org.bankAccountChangedById === actor.userId) {
    return refuse(ErrorCode.SEPARATION_OF_DUTIES, 'The person who changed the bank details cannot confirm them.');
  }
  return allow(role);
}
