import { type Actor, hasRole, memberOf } from '../auth/actor';
import { allow, deny, type Decision } from '../auth/policy';
import type { Report } from './report.entity';
import { Role } from '../users/user.entity';

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
