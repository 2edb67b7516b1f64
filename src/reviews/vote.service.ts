import { enforce } from '../auth/enforce';
import { auditActor, recordAudit } from '../audit/audit.service';
import { checkpointNow, checkpointSettings } from '../audit/checkpoint-store';
import { Application, ApplicationStatus } from '../applications/application.entity';
import { canVoteOnApplication } from '../applications/application.policy';
import { lockApplication } from '../applications/application.service';
import { systemTransition } from '../applications/application.workflow';
import { makeAward } from '../awards/award.service';
import type { Acting } from '../services';
import { lockFund } from '../ledger/ledger.repository';
import { User } from '../users/user.entity';
import { ballotOf } from './board';
import { decide } from './decision';
import { BoardVote } from './review.entity';
import type { CastBoardVoteInput } from './review.types';
import { requireStepUp, StepUpAction } from '../auth/step-up';

/**
 * Records a vote and, when it decides, the decision, in one transaction. On approval the award,
 * its schedule and the ledger commitment are made under the fund lock. When the award is refused
 * (insufficient funds, over the envelope, overdue report) the whole vote fails: nothing is
 * recorded, the application stays RECOMMENDED and the member can vote again once it can be paid.
 */
export async function castBoardVote(
  ctx: Acting,
  input: CastBoardVoteInput,
): Promise<{ vote: BoardVote; application: Application }> {
  const result = await recordVote(ctx, input);
  if (DECIDED_NOW.has(result.application.status)) {
    // An award decision is anchored outside the database at once, not at the next scheduled checkpoint.
    await checkpointNow(
      checkpointSettings(ctx.app.config),
      ctx.em.getKnex(),
      ctx.app.auditSigner,
      ctx.app.clock.now(),
      ctx.app.log,
      'award decision',
    );
  }
  return result;
}

const DECIDED_NOW = new Set([ApplicationStatus.REJECTED, ApplicationStatus.APPROVED, ApplicationStatus.AWARDED]);

async function recordVote(
  ctx: Acting,
  input: CastBoardVoteInput,
): Promise<{ vote: BoardVote; application: Application }> {
  return ctx.em.transactional(async (tx) => {
    const app = await lockApplication(tx, input.applicationId);
    // Fund lock before any audit write, in the same order as the other money writers.
    const fund = await lockFund(tx, app.fund.id);
    const ballot = await ballotOf(tx, app.id, ctx.actor.userId);
    const hasVoted = ballot.votes.some((v) => v.voterId === ctx.actor.userId);
    const role = enforce(canVoteOnApplication(ctx.actor, app, { conflicted: ballot.voterConflicted, hasVoted }));
    await requireStepUp(tx, ctx, StepUpAction.CAST_BOARD_VOTE, [fund.id]);
    const now = ctx.app.clock.now();
    const vote = new BoardVote(app, tx.getReference(User, ctx.actor.userId), input.choice, input.reason, now);
    tx.persist(vote);
    await tx.flush();
    const actor = auditActor(ctx, role);
    await recordAudit(tx, actor, {
      action: 'board_vote.cast',
      entityType: 'BoardVote',
      entityId: vote.id,
      fundId: fund.id,
      after: { applicationId: app.id, choice: input.choice, reason: input.reason },
    });
    // The application's lock keeps other votes out since the ballot was read: it and this vote are the tally.
    const d = decide(fund, {
      seated: ballot.seated,
      conflicted: ballot.conflicted,
      votes: [...ballot.votes, { voterId: ctx.actor.userId, choice: input.choice }],
      amountMinor: app.proposedMinor ?? app.requestedMinor,
    });
    const detail = { approvals: d.approvals, required: d.required, eligible: d.eligible, unanimity: d.unanimity };
    if (d.outcome === 'REJECTED') {
      await systemTransition(tx, ctx, app, ApplicationStatus.REJECTED, role, {
        action: 'application.reject',
        apply: () => (app.decidedAt = now),
        detail,
      });
    } else if (d.outcome === 'APPROVED') {
      await systemTransition(tx, ctx, app, ApplicationStatus.APPROVED, role, {
        action: 'application.approve',
        apply: () => (app.decidedAt = now),
        detail,
      });
      const award = await makeAward(tx, actor, app, fund, app.call, now);
      await systemTransition(tx, ctx, app, ApplicationStatus.AWARDED, role, {
        action: 'application.award',
        detail: { awardId: award.id },
      });
    }
    return { vote, application: app };
  });
}
