import { auditActor, recordAudit } from '../audit/audit.service';
import { authorize } from '../auth/policy';
import type { Acting } from '../services';
import { parseGlobalId } from '../graphql/relay';
import { Pledge } from '../pledges/pledge.entity';
import { pledgeStatusEvents, refreshPledge } from '../pledges/pledge.service';
import { Contribution, RateCheck } from './contribution.entity';
import { settleStatus, syncLedger } from './contribution.ledger';
import { canDecideWireRate, canRecordWire } from './contribution.policy';
import { enforce } from '../auth/enforce';
import { contributionSnapshot } from './contribution.snapshot';
import type { ConfirmWireRateInput, RejectWireRateInput } from './contribution.types';
import { lockContribution } from './contribution.repository';

/** Fund lock, then the contribution row, for the fund's secretariat (the decision's rule: canDecideWireRate). */
async function lockAwaiting(ctx: Acting, tx: Acting['em'], gid: string) {
  const { id } = parseGlobalId(gid, 'Contribution', 'contributionId');
  const c = await lockContribution(tx, id);
  authorize(canRecordWire(ctx.actor, c.fund.id));
  return { c, userId: ctx.actor.userId };
}

/**
 * A second secretariat member confirms a wire whose rate is beyond the fund's tolerance: the
 * receipt is posted now (same ledger lines as any wire) and the pledge follows, with the audit
 * event, in one transaction.
 */
export async function confirmWireRate(ctx: Acting, input: ConfirmWireRateInput): Promise<Contribution> {
  return ctx.em.transactional(async (tx) => {
    const { c, userId } = await lockAwaiting(ctx, tx, input.contributionId);
    if (c.rateCheck === RateCheck.CONFIRMED && c.rateDecidedById === userId) return c;
    const role = enforce(canDecideWireRate(ctx.actor, c));
    const before = contributionSnapshot(c);
    c.rateCheck = RateCheck.CONFIRMED;
    c.rateDecidedById = userId;
    c.rateDecidedAt = ctx.app.clock.now();
    c.succeeded = true;
    syncLedger(tx, c, 'receipt');
    settleStatus(c);
    await tx.flush();
    const pledge = c.pledge ? await tx.findOneOrFail(Pledge, { id: c.pledge.id }) : null;
    const pledgeMove = pledge ? await refreshPledge(tx, pledge) : null;
    await tx.flush();
    await recordAudit(tx, auditActor(ctx, role), [
      {
        action: 'contribution.confirm_rate',
        entityType: 'Contribution',
        entityId: c.id,
        fundId: c.fund.id,
        before,
        after: { ...contributionSnapshot(c), comment: input.comment ?? null },
      },
      ...pledgeStatusEvents(pledge, pledgeMove, c.fund.id),
    ]);
    return c;
  });
}

/**
 * A second secretariat member rejects the rate: the wire is never posted (FAILED) and its bank
 * reference is freed so the receipt can be recorded again with the right rate; the reference
 * stays in the audit event.
 */
export async function rejectWireRate(ctx: Acting, input: RejectWireRateInput): Promise<Contribution> {
  return ctx.em.transactional(async (tx) => {
    const { c, userId } = await lockAwaiting(ctx, tx, input.contributionId);
    const role = enforce(canDecideWireRate(ctx.actor, c));
    const before = contributionSnapshot(c);
    c.rateCheck = RateCheck.REJECTED;
    c.rateDecidedById = userId;
    c.rateDecidedAt = ctx.app.clock.now();
    c.failureReason = `Rate rejected: ${input.reason}`.slice(0, 2000);
    c.note = [c.note, `Bank reference ${c.bankReference} freed on rejection.`].filter(Boolean).join(' ');
    c.bankReference = null;
    settleStatus(c);
    await tx.flush();
    await recordAudit(tx, auditActor(ctx, role), {
      action: 'contribution.reject_rate',
      entityType: 'Contribution',
      entityId: c.id,
      fundId: c.fund.id,
      before,
      after: { ...contributionSnapshot(c), reason: input.reason },
    });
    return c;
  });
}
