import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit, type AuditActor } from '../audit/audit.service';
import type { Application } from '../applications/application.entity';
import { GrantCall } from '../calls/grant-call.entity';
import type { Fund } from '../funds/fund.entity';
import { DomainError, ErrorCode } from '../core/errors';
import { allocate, formatMinor } from '../core/money';
import { Account, LedgerEventKind } from '../ledger/ledger-entry.entity';
import { post } from '../ledger/ledger.service';
import { AcceptanceStatus, Award, AwardStatus } from './award.entity';
import { Report, ReportKind } from '../reports/report.entity';
import { Tranche } from '../tranches/tranche.entity';
import { hasOverdueReport } from '../reports/report.repository';
import { addDays, isoDate } from '../core/clock';
import { required } from '../core/required';
import { assertRoomFor } from './award-money';
import { amountProblem } from '../applications/application.rules';

/** Adds months to a YYYY-MM-DD date, clamping to the end of shorter months. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return isoDate(first);
}

export interface AwardPlan {
  tranches: { number: number; amount: bigint; date: string; conditionIndex: number | null }[];
  reports: { kind: ReportKind; dueDate: string }[];
}

/**
 * The default schedule of a fund: tranches split exactly by the fund's weights, spread over the
 * duration; every tranche after the first waits for an accepted interim report due 30 days
 * before it; a final report at the end; an audit report for awards at or above the threshold.
 */
export function planAward(amount: bigint, weights: number[], start: string, months: number, auditNeeded: boolean) {
  const parts = allocate(amount, weights);
  const end = addMonths(start, months);
  const plan: AwardPlan = { tranches: [], reports: [] };
  parts.forEach((part, i) => {
    const date = addMonths(start, Math.floor((i * months) / parts.length));
    let conditionIndex: number | null = null;
    if (i > 0) {
      const due = addDays(date, -30);
      conditionIndex = plan.reports.push({ kind: ReportKind.INTERIM, dueDate: due < start ? start : due }) - 1;
    }
    plan.tranches.push({ number: i + 1, amount: part, date, conditionIndex });
  });
  plan.reports.push({ kind: ReportKind.FINAL, dueDate: end });
  if (auditNeeded) plan.reports.push({ kind: ReportKind.AUDIT, dueDate: addMonths(end, 3) });
  return { plan, end };
}

/**
 * Makes the award of an approved application inside the caller's transaction, which must hold
 * the fund lock (`lockFund`): checks the overdue reports, the call's remaining envelope and
 * the fund's available balance at this moment, then books the commitment.
 */
export async function makeAward(
  tx: EntityManager,
  actor: AuditActor,
  app: Application,
  fund: Fund,
  call: Pick<GrantCall, 'id'>,
  now: Date,
): Promise<Award> {
  const amount = app.proposedMinor ?? app.requestedMinor;
  const c = fund.baseCurrency;
  if (await hasOverdueReport(tx, app.organization.id, fund.id, now)) {
    throw new DomainError(
      ErrorCode.OVERDUE_REPORT,
      'The organisation has an overdue report on an earlier grant of this fund; it cannot be awarded.',
    );
  }
  // The category's cap holds for the decided amount too (the call is read only when there is one).
  if (app.category) {
    const full = await tx.findOneOrFail(GrantCall, { id: call.id });
    const cap = amountProblem(amount, full, 'applicationId', app.category);
    if (cap) throw new DomainError(cap.code, cap.message, cap.field);
  }
  await assertRoomFor(tx, fund, call, amount, `The award of ${formatMinor(amount, c)}`);
  const today = isoDate(now);
  const start = app.startDate && app.startDate > today ? app.startDate : today;
  const { plan, end } = planAward(
    amount,
    fund.trancheWeights,
    start,
    app.durationMonths,
    amount >= fund.auditThresholdMinor,
  );
  const award = new Award(app, amount, start, end, now);
  if (fund.awardAcceptanceDays) {
    award.acceptanceStatus = AcceptanceStatus.PENDING;
    award.acceptanceDueDate = addDays(today, fund.awardAcceptanceDays);
  }
  const reports = plan.reports.map((r) => new Report(award, r.kind, r.dueDate));
  const tranches = plan.tranches.map(
    (t) =>
      new Tranche(
        award,
        t.number,
        t.amount,
        t.date,
        t.conditionIndex === null ? null : required(reports[t.conditionIndex], 'reports[t.conditionIndex]'),
      ),
  );
  tx.persist([award, ...reports, ...tranches]);
  post(tx, {
    fund,
    kind: LedgerEventKind.AWARD_COMMITTED,
    sourceType: 'Award',
    sourceId: award.id,
    description: `Award to ${app.projectTitle}`.slice(0, 500),
    valueDate: today,
    lines: [
      { account: Account.GRANT_EXPENSE, debit: amount },
      { account: Account.GRANTS_PAYABLE, credit: amount },
    ],
  });
  await tx.flush();
  await recordAudit(tx, actor, {
    action: 'award.create',
    entityType: 'Award',
    entityId: award.id,
    fundId: fund.id,
    after: {
      applicationId: app.id,
      amountMinor: amount,
      currency: c,
      status: AwardStatus.ACTIVE,
      acceptanceStatus: award.acceptanceStatus,
      acceptanceDueDate: award.acceptanceDueDate,
      startDate: start,
      endDate: end,
      tranches: plan.tranches.map((t) => ({ number: t.number, amountMinor: t.amount, date: t.date })),
      reports: plan.reports,
    },
  });
  return award;
}
