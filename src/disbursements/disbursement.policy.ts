import { type Actor, hasAnyRole, hasRole, memberOf } from '../auth/actor';
import { allow, deny, type Decision } from '../auth/policy';
import { refuse, type RuleDecision } from '../auth/enforce';
import { TrancheStatus, type Award, type Report, type Tranche } from '../awards/award.entity';
import type { Fund } from '../funds/fund.entity';
import { ErrorCode } from '../graphql/errors';
import { Role } from '../users/user.entity';

/** Secretariat of the award's fund: requests, pays, cancels, amends, terminates, records refunds. */
export function canManageDisbursements(actor: Actor | null, award: Award): Decision {
  return hasRole(actor, Role.SECRETARIAT, { fundId: award.fund.id })
    ? allow(Role.SECRETARIAT)
    : deny("Only the fund's secretariat manages the disbursements of an award.");
}

/**
 * Four eyes: a role the fund's policy names (`trancheApproverRoles`), and never the person who
 * requested the tranche.
 */
export function canApproveTranche(actor: Actor | null, tranche: Tranche, fund: Fund): RuleDecision {
  const roles = fund.trancheApproverRoles.filter((r): r is Role => (Object.values(Role) as string[]).includes(r));
  const role = hasAnyRole(actor, roles, { fundId: fund.id });
  if (!role) return deny(`Only ${roles.join(' or ')} of the fund approve tranches.`);
  if (tranche.requestedById && tranche.requestedById === actor!.userId) {
    return refuse(ErrorCode.SEPARATION_OF_DUTIES, 'The person who requested a tranche cannot approve it.');
  }
  return allow(role);
}

/** A member of the grantee organisation submits its reports. */
export function canSubmitReport(actor: Actor | null, report: Report): Decision {
  return memberOf(actor, report.award.organization.id) && hasRole(actor, Role.NGO)
    ? allow(Role.NGO)
    : deny('Only members of the grantee organisation submit its reports.');
}

export function canReviewReport(actor: Actor | null, report: Report): Decision {
  return hasRole(actor, Role.SECRETARIAT, { fundId: report.award.fund.id })
    ? allow(Role.SECRETARIAT)
    : deny("Only the fund's secretariat accepts reports or asks for revisions.");
}

/** What the caller may do with a tranche now (for `Tranche.permissions`); the services re-check. */
export function tranchePermissions(
  actor: Actor | null,
  t: Tranche,
  award: Award,
  fund: Fund,
  conditionAccepted: boolean,
): Record<'request' | 'approve' | 'pay' | 'cancel', Decision> {
  const manage = canManageDisbursements(actor, award);
  const state = (wanted: TrancheStatus[], d: Decision): Decision =>
    !d.allowed
      ? d
      : award.status !== 'ACTIVE'
        ? deny(`The award is ${award.status}.`)
        : wanted.includes(t.status)
          ? d
          : deny(`The tranche is ${t.status}.`);
  return {
    request: state(
      [TrancheStatus.SCHEDULED],
      manage.allowed && !conditionAccepted ? deny('Its condition report is not accepted yet.') : manage,
    ),
    approve: state([TrancheStatus.REQUESTED], canApproveTranche(actor, t, fund)),
    pay: state([TrancheStatus.APPROVED], manage),
    cancel: state([TrancheStatus.SCHEDULED, TrancheStatus.REQUESTED, TrancheStatus.APPROVED], manage),
  };
}
