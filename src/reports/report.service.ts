import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { auditActor } from '../audit/audit.service';
import { allow, authorize } from '../auth/policy';
import { Application } from '../applications/application.entity';
import { Award } from '../awards/award.entity';
import { Report, ReportKind, ReportStatus } from './report.entity';
import { completeIfDone } from '../awards/award-money';
import { lockAward, paidOnAward } from '../awards/award.repository';
import { enforce, type RuleDecision } from '../auth/enforce';
import { canDecideReport, canReviewReport, canSubmitReportVersion, canWaiveReport } from './report.policy';
import { REPORT_MACHINE, REPORT_STATUS } from './report.workflow';
import { transition } from '../core/transition';
import type { Acting } from '../services';
import { DomainError, ErrorCode } from '../core/errors';
import { formatMinor, parseDecimal } from '../core/money';
import { parseGlobalId } from '../graphql/relay';
import { lockFund } from '../ledger/ledger.repository';
import { validateBeneficiaries } from './beneficiaries';
import { ReportSubmission, type SpendingLine } from './report-submission.entity';
import type {
  AcceptReportInput,
  RequestReportRevisionInput,
  SubmitReportInput,
  WaiveReportInput,
} from './report.types';
import { required } from '../core/required';
import { hasAttached } from '../documents/document.repository';
import { DocumentSlot } from '../documents/document-slots';

export interface ReportResult {
  report: Report;
  submission: ReportSubmission | null;
}

/** Report and award rows locked; the fund too when the change can close the award (money). */
async function lockReport(tx: EntityManager, gid: string, withFund: boolean) {
  const { id } = parseGlobalId(gid, 'Report', 'reportId');
  const [row] = await tx.execute<{ fund_id: string; award_id: string }[]>(
    `select a.fund_id, a.id as award_id from report r join award a on a.id = r.award_id where r.id = ?`,
    [id],
  );
  if (!row) throw new DomainError(ErrorCode.NOT_FOUND, 'Report not found.', 'reportId');
  const fund = withFund ? await lockFund(tx, row.fund_id) : null;
  const award = await lockAward(tx, row.award_id);
  const report = await tx.findOneOrFail(Report, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  return { fund, award, report };
}

/** A report's move through the core `transition()`: the policy's decision, a repeat answered as done, the table, the change and its audit. */
function moveReport(
  tx: EntityManager,
  ctx: Acting,
  decision: RuleDecision,
  award: Award,
  report: Report,
  to: ReportStatus,
  opts: { action: string; apply?: () => void; detail?: Record<string, unknown> },
) {
  return transition(tx, ctx, REPORT_MACHINE, report, REPORT_STATUS, to, decision, {
    ...opts,
    fundId: award.fund.id,
    field: 'reportId',
  });
}

/** Spending by budget line of the application; the total never above what was paid so far. */
async function validateSpending(tx: EntityManager, award: Award, input: SubmitReportInput): Promise<SpendingLine[]> {
  const app = await tx.findOneOrFail(Application, { id: award.application.id });
  const categories = new Set(app.budgetLines.map((b) => b.category));
  const seen = new Set<string>();
  let total = 0n;
  const lines = input.spending.map((s, i) => {
    const f = `spending.${i}`;
    if (!categories.has(s.category)) {
      throw new DomainError(
        ErrorCode.INVALID_VALUE,
        `"${s.category}" is not a budget line of the grant (${[...categories].join(', ')}).`,
        `${f}.category`,
      );
    }
    if (seen.has(s.category))
      throw new DomainError(ErrorCode.INVALID_VALUE, 'Budget line listed twice.', `${f}.category`);
    seen.add(s.category);
    const amount = parseDecimal(s.amount, award.currency, `${f}.amount`);
    if (amount < 0n) throw new DomainError(ErrorCode.INVALID_VALUE, 'Spending is not negative.', `${f}.amount`);
    total += amount;
    return { category: s.category, amountMinor: amount.toString() };
  });
  const paid = await paidOnAward(tx, award.id);
  if (total > paid) {
    throw new DomainError(
      ErrorCode.SPENDING_ABOVE_PAID,
      `Reported spending of ${formatMinor(total, award.currency)} is above the ${formatMinor(paid, award.currency)} ${award.currency} paid so far.`,
      'spending',
    );
  }
  return lines;
}

/** A member of the grantee submits a version of a report; every version is kept. */
export async function submitReport(ctx: Acting, input: SubmitReportInput): Promise<ReportResult> {
  return ctx.em.transactional(async (tx) => {
    const { award, report } = await lockReport(tx, input.reportId, false);
    const role = enforce(canSubmitReportVersion(ctx.actor, report, award));
    if (report.kind === ReportKind.AUDIT && !(await hasAttached(tx, report.id, DocumentSlot.REPORT_AUDIT_REPORT))) {
      throw new DomainError(
        ErrorCode.MISSING_DOCUMENT,
        "Attach the auditor's report (REPORT_AUDIT_REPORT) before submitting an audit report.",
        'documents',
      );
    }
    if (input.periodFrom > input.periodTo) {
      throw new DomainError(ErrorCode.INVALID_VALUE, 'The period ends before it starts.', 'periodTo');
    }
    const beneficiaries = validateBeneficiaries(input.beneficiaries);
    const spending = await validateSpending(tx, award, input);
    const version = (await tx.count(ReportSubmission, { report: report.id })) + 1;
    const now = ctx.app.clock.now();
    const submission = new ReportSubmission({
      report,
      version,
      periodFrom: input.periodFrom,
      periodTo: input.periodTo,
      narrative: input.narrative,
      spending,
      beneficiaries,
      submittedById: ctx.actor.userId,
      submittedAt: now,
    });
    await moveReport(tx, ctx, allow(role), award, report, ReportStatus.SUBMITTED, {
      action: 'report.submit',
      apply: () => {
        tx.persist(submission);
        report.currentSubmission = submission;
      },
      detail: { version, submissionId: submission.id, total: beneficiaries.total },
    });
    return { report, submission };
  });
}

/** Accepting the report that conditions a tranche unblocks it; the final one may close the award. */
export async function acceptReport(ctx: Acting, input: AcceptReportInput): Promise<ReportResult> {
  return ctx.em.transactional(async (tx) => {
    const { fund, award, report } = await lockReport(tx, input.reportId, true);
    const role = authorize(canReviewReport(ctx.actor, report));
    const submission = report.currentSubmission
      ? await tx.findOneOrFail(ReportSubmission, { id: report.currentSubmission.id })
      : null;
    if (report.status === ReportStatus.ACCEPTED) return { report, submission };
    const now = ctx.app.clock.now();
    await moveReport(
      tx,
      ctx,
      canDecideReport(ctx.actor, report, ReportStatus.ACCEPTED),
      award,
      report,
      ReportStatus.ACCEPTED,
      {
        action: 'report.accept',
        apply: () => {
          report.acceptedAt = now;
          report.acceptedById = ctx.actor.userId;
          if (submission && input.comment) submission.reviewComment = input.comment;
        },
        detail: { version: submission?.version ?? null, comment: input.comment ?? null },
      },
    );
    const actor = auditActor(ctx, role);
    await completeIfDone(tx, actor, award, required(fund, 'fund'), now);
    return { report, submission };
  });
}

export async function requestReportRevision(ctx: Acting, input: RequestReportRevisionInput): Promise<ReportResult> {
  return ctx.em.transactional(async (tx) => {
    const { award, report } = await lockReport(tx, input.reportId, false);
    enforce(canDecideReport(ctx.actor, report, ReportStatus.REVISION_REQUESTED));
    const submission = await tx.findOneOrFail(ReportSubmission, {
      id: required(report.currentSubmission, 'report.currentSubmission').id,
    });
    await moveReport(
      tx,
      ctx,
      canDecideReport(ctx.actor, report, ReportStatus.REVISION_REQUESTED),
      award,
      report,
      ReportStatus.REVISION_REQUESTED,
      {
        action: 'report.request_revision',
        apply: () => (submission.reviewComment = input.comments),
        detail: { version: submission.version, comments: input.comments },
      },
    );
    return { report, submission };
  });
}

/**
 * A recorded secretariat decision that an AUDIT report is not required (e.g. the external audit
 * was covered by the organisation's statutory audit). Audited with its reason; may close the award.
 */
export async function waiveReport(ctx: Acting, input: WaiveReportInput): Promise<ReportResult> {
  return ctx.em.transactional(async (tx) => {
    const { fund, award, report } = await lockReport(tx, input.reportId, true);
    const role = authorize(canReviewReport(ctx.actor, report));
    if (report.status === ReportStatus.WAIVED) return { report, submission: null };
    const now = ctx.app.clock.now();
    await moveReport(tx, ctx, canWaiveReport(ctx.actor, report), award, report, ReportStatus.WAIVED, {
      action: 'report.waive',
      apply: () => {
        report.waivedAt = now;
        report.waivedById = ctx.actor.userId;
        report.waiverReason = input.reason;
      },
      detail: { reason: input.reason },
    });
    const actor = auditActor(ctx, role);
    await completeIfDone(tx, actor, award, required(fund, 'fund'), now);
    return { report, submission: null };
  });
}
