import type { MikroORM } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import type { AuditActor } from '../audit/audit.service';
import { Report, ReportStatus } from '../reports/report.entity';
import { effectiveReportStatus, REPORT_MACHINE, REPORT_STATUS } from '../reports/report.workflow';
import { CALL_MACHINE, CALL_STATUS } from '../calls/grant-call.workflow';
import { move } from '../core/transition';
import { isoDate } from '../core/clock';
import { reportsToMarkOverdue } from '../reports/report.repository';
import { GrantCall, GrantCallStatus } from '../calls/grant-call.entity';
import type { Clock } from '../core/clock';
import { fundSecretariat, notify, organizationMembers } from '../notifications/notification.service';
import { unacknowledgedPayments } from '../tranches/tranche.repository';
import { formatMinor } from '../core/money';

export const JOB_ACTOR: AuditActor = { actorId: null, actorRole: 'system:jobs', requestId: null };

/** How far ahead reminders go out. */
export const REMIND_DAYS = { report: 14, pledge: 14, call: 3 };
const DAY = 86_400_000;

/**
 * Flips reports past due and not submitted to OVERDUE (the API already shows them so from the
 * clock; the stored status makes it visible to SQL and the audit trail) and tells the grantee
 * and the fund's secretariat once.
 */
export async function markOverdueReports(orm: MikroORM, clock: Clock): Promise<number> {
  const now = clock.now();
  let marked = 0;
  for (const id of await reportsToMarkOverdue(orm.em.fork(), now)) {
    marked += await orm.em.fork().transactional(async (tx) => {
      const r = await tx.findOne(Report, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['award'] });
      if (!r || r.status === ReportStatus.OVERDUE || effectiveReportStatus(r, now) !== ReportStatus.OVERDUE) return 0;
      await move(tx, JOB_ACTOR, REPORT_MACHINE, r, REPORT_STATUS, ReportStatus.OVERDUE, {
        action: 'report.overdue',
        fundId: r.award.fund.id,
        detail: { dueDate: r.dueDate },
      });
      const users = [
        ...(await organizationMembers(tx, r.award.organization.id)),
        ...(await fundSecretariat(tx, r.award.fund.id)),
      ];
      for (const userId of new Set(users)) {
        await notify(tx, {
          userId,
          kind: 'REPORT_OVERDUE',
          subject: `Overdue: ${r.kind.toLowerCase()} report due ${r.dueDate}`,
          body:
            `The ${r.kind.toLowerCase()} report of award ${r.award.id} was due on ${r.dueDate} and has not been submitted.\n` +
            `Until it is, no tranche of this award is paid and the organisation cannot receive a new grant from this fund.`,
          entityType: 'Report',
          entityId: r.id,
          dedupeKey: `report-overdue:${r.id}:${r.dueDate}:${userId}`,
        });
      }
      return 1;
    });
  }
  return marked;
}

/** Reminders before reports and pledges fall due and before calls close; each sent once per due date. */
export async function runReminders(orm: MikroORM, clock: Clock): Promise<number> {
  const now = clock.now();
  const today = isoDate(now);
  const em = orm.em.fork();
  let created = 0;
  return em.transactional(async (tx) => {
    const reports = await tx.execute<{ id: string; kind: string; due_date: string; org: string; award: string }[]>(
      `select r.id, r.kind, to_char(r.due_date, 'YYYY-MM-DD') as due_date, a.organization_id as org, a.id as award
         from report r join award a on a.id = r.award_id
        where a.status = 'ACTIVE' and r.status in ('DUE', 'REVISION_REQUESTED') and r.due_date >= ? and r.due_date <= ?`,
      [today, isoDate(new Date(now.getTime() + REMIND_DAYS.report * DAY))],
    );
    for (const r of reports) {
      for (const userId of await organizationMembers(tx, r.org)) {
        const fresh = await notify(tx, {
          userId,
          kind: 'REPORT_DUE_SOON',
          subject: `Reminder: ${r.kind.toLowerCase()} report due ${r.due_date}`,
          body: `The ${r.kind.toLowerCase()} report of award ${r.award} is due on ${r.due_date}. Submit it before then.`,
          entityType: 'Report',
          entityId: r.id,
          dedupeKey: `report-due:${r.id}:${r.due_date}:${userId}`,
        });
        if (fresh) created++;
      }
    }
    const pledges = await tx.execute<{ id: string; due_date: string; org: string; amount: string; currency: string }[]>(
      `select id, to_char(due_date, 'YYYY-MM-DD') as due_date, donor_organization_id as org,
              amount_minor::text as amount, currency
         from pledge where status in ('PLEDGED', 'PARTIALLY_PAID') and due_date >= ? and due_date <= ?`,
      [today, isoDate(new Date(now.getTime() + REMIND_DAYS.pledge * DAY))],
    );
    for (const p of pledges) {
      for (const userId of await organizationMembers(tx, p.org)) {
        const fresh = await notify(tx, {
          userId,
          kind: 'PLEDGE_DUE_SOON',
          subject: `Reminder: pledge payment due ${p.due_date}`,
          body: `Your pledge ${p.id} falls due on ${p.due_date}. Thank you for paying it by then.`,
          entityType: 'Pledge',
          entityId: p.id,
          dedupeKey: `pledge-due:${p.id}:${p.due_date}:${userId}`,
        });
        if (fresh) created++;
      }
    }
    const calls = await tx.execute<{ id: string; title: string; closes_at: Date; org: string }[]>(
      `select distinct c.id, c.title, c.closes_at, a.organization_id as org
         from grant_call c join application a on a.call_id = c.id
        where c.status = 'OPEN' and c.closes_at > ? and c.closes_at <= ? and a.status in ('DRAFT', 'INFO_REQUESTED')`,
      [now, new Date(now.getTime() + REMIND_DAYS.call * DAY)],
    );
    for (const c of calls) {
      const closes = new Date(c.closes_at).toISOString();
      for (const userId of await organizationMembers(tx, c.org)) {
        const fresh = await notify(tx, {
          userId,
          kind: 'CALL_CLOSING_SOON',
          subject: `Reminder: call "${c.title}" closes ${closes}`,
          body: `Your application to "${c.title}" is not submitted yet; the call closes at ${closes}.`,
          entityType: 'GrantCall',
          entityId: c.id,
          dedupeKey: `call-closing:${c.id}:${closes}:${c.org}:${userId}`,
        });
        if (fresh) created++;
      }
    }
    return created;
  });
}

/**
 * Tranche payments the grantee has not acknowledged by their receipt due date (fund policy
 * `receiptAcknowledgementDays`): one reminder to the grantee's members and one notice to the fund's
 * secretariat per payment (they also show in the secretariat's inbox until acknowledged).
 */
export async function remindPaymentReceipts(orm: MikroORM, clock: Clock): Promise<number> {
  const today = isoDate(clock.now());
  return orm.em.fork().transactional(async (tx) => {
    let created = 0;
    for (const p of await unacknowledgedPayments(tx, today)) {
      const amount = `${formatMinor(BigInt(p.amount), p.currency)} ${p.currency}`;
      const grantee = await organizationMembers(tx, p.org);
      const staff = (await fundSecretariat(tx, p.fund)).filter((u) => !grantee.includes(u));
      for (const [userId, body] of [
        ...grantee.map(
          (u) =>
            [
              u,
              `${amount} was sent to your organisation on ${p.value_date} (tranche ${p.number} of award ${p.award}). ` +
                `Please confirm that it arrived, or report what did, by acknowledging the payment.`,
            ] as const,
        ),
        ...staff.map(
          (u) =>
            [
              u,
              `The grantee has not acknowledged the payment of ${amount} of ${p.value_date} (tranche ${p.number} of award ${p.award}); it was due by ${p.receipt_due_date}.`,
            ] as const,
        ),
      ]) {
        const fresh = await notify(tx, {
          userId,
          kind: 'PAYMENT_RECEIPT_OVERDUE',
          subject: `Receipt of the payment of ${p.value_date} not acknowledged`,
          body,
          entityType: 'TranchePayment',
          entityId: p.id,
          dedupeKey: `payment-receipt:${p.id}:${userId}`,
        });
        if (fresh) created++;
      }
    }
    return created;
  });
}

/** Sets the stored status of OPEN calls past their closing time to CLOSED. */
export async function closeDueCalls(orm: MikroORM, clock: Clock): Promise<number> {
  const now = clock.now();
  const due = await orm.em.fork().find(GrantCall, { status: GrantCallStatus.OPEN, closesAt: { $lte: now } });
  let closed = 0;
  for (const { id } of due) {
    closed += await orm.em.fork().transactional(async (tx) => {
      const c = await tx.findOne(GrantCall, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!c || c.status !== GrantCallStatus.OPEN || c.closesAt > now) return 0;
      await move(tx, JOB_ACTOR, CALL_MACHINE, c, CALL_STATUS, GrantCallStatus.CLOSED, {
        action: 'grant_call.close',
        fundId: c.fund.id,
        detail: { closesAt: c.closesAt.toISOString() },
      });
      return 1;
    });
  }
  return closed;
}
