import { type Actor, hasRole, memberOf } from '../auth/actor';
import { allow, deny, type Decision } from '../auth/policy';
import { refuse, type RuleDecision } from '../auth/enforce';
import { verifiedOnly } from '../auth/verified';
import { AwardStatus, type Award } from '../awards/award.entity';
import { ErrorCode } from '../core/errors';
import { ReportKind, ReportStatus, type Report } from './report.entity';
import { REPORT_MACHINE } from './report.workflow';
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

/** The report can move to `to` (the transitions table), or the refusal. */
export function reportMoveProblem(report: Report, to: ReportStatus): RuleDecision | null {
  return REPORT_MACHINE.allows(report.status, to)
    ? null
    : refuse(ErrorCode.INVALID_STATE, `A ${report.status} report cannot become ${to}.`, 'reportId');
}

/**
 * Submitting a version: a member of the grantee, while the report takes one and the award is not
 * closed (an AUDIT report is still taken after close-out: awards closed before it was required
 * must be able to deliver it).
 */
export function canSubmitReportNow(actor: Actor | null, report: Report, award: Award): RuleDecision {
  const who = canSubmitReport(actor, report);
  if (!who.allowed) return who;
  if (award.status === AwardStatus.COMPLETED && report.kind !== ReportKind.AUDIT) {
    return refuse(ErrorCode.INVALID_STATE, 'The award is closed.', 'reportId');
  }
  return reportMoveProblem(report, ReportStatus.SUBMITTED) ?? who;
}

/** Submitting, as above, by a caller whose e-mail address is verified (attaching files does not need it). */
export function canSubmitReportVersion(actor: Actor | null, report: Report, award: Award): RuleDecision {
  return verifiedOnly(actor, canSubmitReportNow(actor, report, award));
}

/** Accepting or asking for a revision: the fund's secretariat, from SUBMITTED (the table). */
export function canDecideReport(
  actor: Actor | null,
  report: Report,
  to: ReportStatus.ACCEPTED | ReportStatus.REVISION_REQUESTED,
): RuleDecision {
  const who = canReviewReport(actor, report);
  return who.allowed ? (reportMoveProblem(report, to) ?? who) : who;
}

/** Waiving: the fund's secretariat, an AUDIT report still owed. */
export function canWaiveReport(actor: Actor | null, report: Report): RuleDecision {
  const who = canReviewReport(actor, report);
  if (!who.allowed) return who;
  if (report.kind !== ReportKind.AUDIT) {
    return refuse(
      ErrorCode.INVALID_STATE,
      `Only an AUDIT report can be waived; a ${report.kind} report is submitted and accepted.`,
      'reportId',
    );
  }
  return reportMoveProblem(report, ReportStatus.WAIVED) ?? who;
}
