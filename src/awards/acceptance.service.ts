import { auditActor } from '../audit/audit.service';
import { authorize } from '../auth/policy';
import { move, transition } from '../core/transition';
import type { Acting } from '../services';
import { Role } from '../users/user.entity';
import { Tranche, TrancheStatus } from '../tranches/tranche.entity';
import { TRANCHE_MACHINE, TRANCHE_STATUS } from '../tranches/tranche.workflow';
import { ACCEPTANCE_MACHINE, ACCEPTANCE_STATUS } from './acceptance.workflow';
import { canAnswerAward } from './acceptance.policy';
import { releaseCommitment } from './award-money';
import { AcceptanceStatus, AwardStatus, type Award } from './award.entity';
import { lockAwardAndFund, outstandingCommitment } from './award.repository';
import type { AcceptAwardInput, DeclineAwardInput } from './award.types';
import { AWARD_MACHINE, AWARD_STATUS } from './award.workflow';

/** The grantee accepts its award: from then on the secretariat may request its tranches. */
export async function acceptAward(ctx: Acting, input: AcceptAwardInput): Promise<Award> {
  return ctx.em.transactional(async (tx) => {
    const { fund, award } = await lockAwardAndFund(tx, input.awardId);
    const now = ctx.app.clock.now();
    return transition(
      tx,
      ctx,
      ACCEPTANCE_MACHINE,
      award,
      ACCEPTANCE_STATUS,
      AcceptanceStatus.ACCEPTED,
      canAnswerAward(ctx.actor, award, now),
      {
        action: 'award.accept',
        fundId: fund.id,
        field: 'awardId',
        apply: () => {
          award.acceptanceDecidedAt = now;
          award.acceptanceDecidedById = ctx.actor.userId;
        },
      },
    );
  });
}

/**
 * The grantee declines its award: the whole commitment goes back to the fund (COMMITMENT_RELEASED),
 * its tranches are cancelled and the award ends TERMINATED, in one transaction with the audit events.
 */
export async function declineAward(ctx: Acting, input: DeclineAwardInput): Promise<Award> {
  return ctx.em.transactional(async (tx) => {
    const { fund, award } = await lockAwardAndFund(tx, input.awardId);
    const now = ctx.app.clock.now();
    const decision = canAnswerAward(ctx.actor, award, now);
    if (award.acceptanceStatus === AcceptanceStatus.DECLINED) {
      authorize(decision);
      return award;
    }
    await transition(tx, ctx, ACCEPTANCE_MACHINE, award, ACCEPTANCE_STATUS, AcceptanceStatus.DECLINED, decision, {
      action: 'award.decline',
      fundId: fund.id,
      field: 'awardId',
      apply: () => {
        award.acceptanceDecidedAt = now;
        award.acceptanceDecidedById = ctx.actor.userId;
        award.declineReason = input.reason;
      },
      detail: { reason: input.reason },
    });
    // The cascade of the grantee's answer: nothing was requested before acceptance, so every tranche is open.
    const actor = auditActor(ctx, Role.NGO);
    const reason = 'Award declined by the grantee';
    const open = await tx.find(Tranche, {
      award: award.id,
      status: { $in: [TrancheStatus.SCHEDULED, TrancheStatus.REQUESTED, TrancheStatus.APPROVED] },
    });
    for (const t of open) {
      await move(tx, actor, TRANCHE_MACHINE, t, TRANCHE_STATUS, TrancheStatus.CANCELLED, {
        action: 'tranche.cancel',
        fundId: fund.id,
        apply: () => (t.cancellationReason = reason),
        detail: { reason },
      });
    }
    const left = await outstandingCommitment(tx, award);
    releaseCommitment(tx, fund, award, left, `Award ${award.id} declined by the grantee`, now);
    await move(tx, actor, AWARD_MACHINE, award, AWARD_STATUS, AwardStatus.TERMINATED, {
      action: 'award.terminate',
      fundId: fund.id,
      field: 'awardId',
      apply: () => (award.closedAt = now),
      detail: { declined: true, reason: input.reason, releasedMinor: left },
    });
    return award;
  });
}
