import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { auditActor, recordAudit, type AuditActor } from '../audit/audit.service';
import { enforce, refuse, type RuleDecision } from '../auth/enforce';
import { type Actor, hasRole } from '../auth/actor';
import { allow, deny } from '../auth/policy';
import { Application } from '../applications/application.entity';
import { Award } from '../awards/award.entity';
import { Tranche, TrancheStatus } from '../tranches/tranche.entity';
import { assertRoomFor } from '../awards/award-money';
import { isoDate } from '../core/clock';
import { GrantCall } from '../calls/grant-call.entity';
import { canAmendSchedule } from '../awards/award.policy';
import { paidOnAward } from '../awards/award.repository';
import { lockAwardAndFund } from '../awards/award.repository';
import type { Fund } from '../funds/fund.entity';
import type { Acting } from '../services';
import { DomainError, ErrorCode } from '../core/errors';
import { formatMinor, parseDecimal } from '../core/money';
import { parseGlobalId } from '../graphql/relay';
import { Account, LedgerEventKind } from '../ledger/ledger-entry.entity';
import { post } from '../ledger/ledger.service';
import { lockFund } from '../ledger/ledger.repository';
import { boardsOf, conflictOf } from '../reviews/board';
import { decide } from '../reviews/decision';
import { VoteChoice } from '../reviews/review.entity';
import { Role, User } from '../users/user.entity';
import { AmendmentStatus, AmendmentVote, AwardAmendment, type ScheduleChange } from './award-amendment.entity';
import type { AmendTrancheScheduleInput, CastAmendmentVoteInput } from './amendment.types';
import { AMENDMENT_MACHINE, AMENDMENT_STATUS } from './amendment.workflow';
import { move } from '../core/transition';

const { APPROVED, REJECTED } = AmendmentStatus;
import { required } from '../core/required';

const live = (t: Tranche) => t.status !== TrancheStatus.CANCELLED;

/** Validates the changes against the award's SCHEDULED tranches; nothing is changed yet. */
async function plan(tx: EntityManager, award: Award, input: AmendTrancheScheduleInput) {
  const tranches = await tx.find(Tranche, { award: award.id }, { orderBy: { number: 'asc' } });
  const byId = new Map(tranches.map((t) => [t.id, t]));
  const changes: ScheduleChange[] = [];
  input.tranches.forEach((ch, i) => {
    const f = `tranches.${i}`;
    const t = byId.get(parseGlobalId(ch.trancheId, 'Tranche', `${f}.trancheId`).id);
    if (!t) throw new DomainError(ErrorCode.NOT_FOUND, 'Not a tranche of this award.', `${f}.trancheId`);
    if (changes.some((c) => c.trancheId === t.id)) {
      throw new DomainError(ErrorCode.INVALID_VALUE, 'Tranche listed twice.', `${f}.trancheId`);
    }
    if (t.status !== TrancheStatus.SCHEDULED) {
      throw new DomainError(ErrorCode.INVALID_STATE, `Tranche ${t.number} is ${t.status}.`, `${f}.trancheId`);
    }
    const amount = parseDecimal(ch.amount, award.currency, `${f}.amount`);
    if (amount <= 0n) throw new DomainError(ErrorCode.INVALID_VALUE, 'Amounts are positive.', `${f}.amount`);
    if (Number.isNaN(Date.parse(`${ch.plannedDate}T00:00:00Z`))) {
      throw new DomainError(ErrorCode.INVALID_VALUE, 'Not a date.', `${f}.plannedDate`);
    }
    changes.push({ trancheId: t.id, amountMinor: amount.toString(), plannedDate: ch.plannedDate });
  });
  const planned = (t: Tranche) => {
    const c = changes.find((x) => x.trancheId === t.id);
    return c ? BigInt(c.amountMinor) : t.plannedMinor;
  };
  const oldTotal = tranches.filter(live).reduce((s, t) => s + t.plannedMinor, 0n);
  const newTotal = tranches.filter(live).reduce((s, t) => s + planned(t), 0n);
  return { tranches, changes, oldTotal, newTotal };
}

/** Writes the new amounts and dates; the tranches must still be SCHEDULED. */
async function applySchedule(tx: EntityManager, award: Award, changes: ScheduleChange[]) {
  const tranches = await tx.find(Tranche, { id: { $in: changes.map((c) => c.trancheId) } });
  for (const c of changes) {
    const t = required(
      tranches.find((x) => x.id === c.trancheId),
      'tranche of the change',
    );
    if (t.status !== TrancheStatus.SCHEDULED) {
      throw new DomainError(ErrorCode.INVALID_STATE, `Tranche ${t.number} is ${t.status} now; amend again.`);
    }
    t.plannedMinor = BigInt(c.amountMinor);
    t.plannedDate = c.plannedDate;
  }
  return tranches.map((t) => ({ number: t.number, plannedMinor: t.plannedMinor, plannedDate: t.plannedDate }));
}

/**
 * The secretariat changes amounts and dates of SCHEDULED tranches. Same total: applied at once.
 * Another total: an AwardAmendment waits for the board (castAmendmentVote).
 */
export async function amendTrancheSchedule(
  ctx: Acting,
  input: AmendTrancheScheduleInput,
): Promise<{ award: Award; amendment: AwardAmendment | null }> {
  return ctx.em.transactional(async (tx) => {
    const { fund, award } = await lockAwardAndFund(tx, input.awardId);
    const role = enforce(canAmendSchedule(ctx.actor, award));
    const p = await plan(tx, award, input);
    const actor = auditActor(ctx, role);
    if (p.newTotal === p.oldTotal) {
      const before = p.tranches.map((t) => ({
        number: t.number,
        plannedMinor: t.plannedMinor,
        plannedDate: t.plannedDate,
      }));
      const after = await applySchedule(tx, award, p.changes);
      await tx.flush();
      await recordAudit(tx, actor, {
        action: 'award.amend_schedule',
        entityType: 'Award',
        entityId: award.id,
        fundId: fund.id,
        before: { tranches: before },
        after: { tranches: after, reason: input.reason },
      });
      return { award, amendment: null };
    }
    if ((await tx.count(AwardAmendment, { award: award.id, status: AmendmentStatus.PENDING })) > 0) {
      throw new DomainError(ErrorCode.INVALID_STATE, 'Another amendment of this award waits for the board.', 'awardId');
    }
    const amendment = new AwardAmendment(award, p.oldTotal, p.newTotal, p.changes, input.reason, ctx.actor.userId);
    tx.persist(amendment);
    await tx.flush();
    await recordAudit(tx, actor, {
      action: 'award_amendment.propose',
      entityType: 'AwardAmendment',
      entityId: amendment.id,
      fundId: fund.id,
      after: { awardId: award.id, oldTotalMinor: p.oldTotal, newTotalMinor: p.newTotal, changes: p.changes },
    });
    return { award, amendment };
  });
}

export function canVoteOnAmendment(
  actor: Actor | null,
  a: AwardAmendment,
  award: Award,
  f: { conflicted: boolean; hasVoted: boolean },
): RuleDecision {
  if (!hasRole(actor, Role.BOARD_MEMBER, { fundId: award.fund.id }))
    return deny('Only board members of this fund vote.');
  if (a.status !== AmendmentStatus.PENDING) return refuse(ErrorCode.DECISION_FINAL, `The amendment is ${a.status}.`);
  if (required(actor, 'actor').userId === a.proposedById) {
    return refuse(ErrorCode.SEPARATION_OF_DUTIES, 'You proposed this amendment; you cannot vote on it.');
  }
  if (f.conflicted) return refuse(ErrorCode.CONFLICT_OF_INTEREST, 'You have a conflict of interest with this grantee.');
  if (f.hasVoted) return refuse(ErrorCode.ALREADY_VOTED, 'You have already voted on this amendment.');
  return allow(Role.BOARD_MEMBER);
}

/** On approval: the new schedule, the award amount and the ledger change together. */
async function approve(tx: EntityManager, actor: AuditActor, a: AwardAmendment, award: Award, fund: Fund, now: Date) {
  const delta = a.newTotalMinor - a.oldTotalMinor;
  const c = fund.baseCurrency;
  if (delta > 0n) {
    const call = await tx.findOneOrFail(GrantCall, { id: award.call.id });
    await assertRoomFor(tx, fund, call, delta, 'The increase');
  }
  const paid = await paidOnAward(tx, award.id);
  if (award.amountMinor + delta - award.releasedMinor < paid) {
    throw new DomainError(
      ErrorCode.OVER_AWARD,
      `The reduced award would be below the ${formatMinor(paid, c)} ${c} already paid.`,
    );
  }
  const after = await applySchedule(tx, award, a.changes);
  award.amountMinor += delta;
  const abs = delta < 0n ? -delta : delta;
  post(tx, {
    fund,
    kind: delta > 0n ? LedgerEventKind.AWARD_ADJUSTED : LedgerEventKind.COMMITMENT_RELEASED,
    sourceType: 'Award',
    sourceId: award.id,
    description: `Amendment ${a.id} approved by the board: award ${delta > 0n ? 'increased' : 'reduced'}`,
    valueDate: isoDate(now),
    lines:
      delta > 0n
        ? [
            { account: Account.GRANT_EXPENSE, debit: abs },
            { account: Account.GRANTS_PAYABLE, credit: abs },
          ]
        : [
            { account: Account.GRANTS_PAYABLE, debit: abs },
            { account: Account.GRANT_EXPENSE, credit: abs },
          ],
  });
  await tx.flush();
  await recordAudit(tx, actor, {
    action: 'award.amend',
    entityType: 'Award',
    entityId: award.id,
    fundId: fund.id,
    before: { amountMinor: a.oldTotalMinor },
    after: { amountMinor: award.amountMinor, amendmentId: a.id, tranches: after },
  });
}

/** A board member's vote on a pending amendment; the deciding vote applies or rejects it. */
export async function castAmendmentVote(ctx: Acting, input: CastAmendmentVoteInput): Promise<AwardAmendment> {
  return ctx.em.transactional(async (tx) => {
    const { id } = parseGlobalId(input.amendmentId, 'AwardAmendment', 'amendmentId');
    const [row] = await tx.execute<{ fund_id: string; award_id: string }[]>(
      `select a.fund_id, a.id as award_id from award_amendment m join award a on a.id = m.award_id where m.id = ?`,
      [id],
    );
    if (!row) throw new DomainError(ErrorCode.NOT_FOUND, 'Amendment not found.', 'amendmentId');
    const fund = await lockFund(tx, row.fund_id);
    const award = await tx.findOneOrFail(Award, { id: row.award_id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const amendment = await tx.findOneOrFail(AwardAmendment, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const app = await tx.findOneOrFail(Application, { id: award.application.id });
    const [{ seated, conflicted }] = await boardsOf(tx, [app.id]);
    const mine = await conflictOf(tx, ctx.actor.userId, app);
    const votes = await tx.find(AmendmentVote, { amendment: id });
    const role = enforce(
      canVoteOnAmendment(ctx.actor, amendment, award, {
        conflicted: mine.conflicted,
        hasVoted: votes.some((v) => v.voter.id === ctx.actor.userId),
      }),
    );
    const vote = new AmendmentVote(amendment, tx.getReference(User, ctx.actor.userId), input.choice, input.reason);
    tx.persist(vote);
    await tx.flush();
    const actor = auditActor(ctx, role);
    await recordAudit(tx, actor, {
      action: 'award_amendment.vote',
      entityType: 'AwardAmendment',
      entityId: amendment.id,
      fundId: fund.id,
      after: { choice: input.choice, reason: input.reason },
    });
    const d = decide(fund, {
      seated,
      conflicted,
      votes: [...votes, vote].map((v) => ({ voterId: v.voter.id, choice: v.choice })),
      amountMinor: amendment.newTotalMinor,
    });
    if (d.outcome === 'PENDING') return amendment;
    const now = ctx.app.clock.now();
    if (d.outcome === 'APPROVED') await approve(tx, actor, amendment, award, fund, now);
    const approved = d.outcome === 'APPROVED';
    await move(tx, actor, AMENDMENT_MACHINE, amendment, AMENDMENT_STATUS, approved ? APPROVED : REJECTED, {
      action: approved ? 'award_amendment.approve' : 'award_amendment.reject',
      fundId: fund.id,
      field: 'amendmentId',
      apply: () => (amendment.decidedAt = now),
      detail: { approvals: d.approvals, required: d.required },
    });
    return amendment;
  });
}

export { VoteChoice };
