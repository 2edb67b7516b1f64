import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Award, Report, ReportStatus, Tranche } from '../awards/award.entity';
import { Permission } from '../auth/policy';
import { Fund } from '../funds/fund.entity';
import { tranchePermissions } from './disbursement.policy';
import type { Context } from '../graphql/context';
import { payload } from '../graphql/errors';
import { Money } from '../graphql/money';
import { Role } from '../users/user.entity';
import * as closeout from './closeout.service';
import {
  AwardPayload,
  CancelTrancheInput,
  RecordGrantRefundInput,
  RecordTranchePaymentInput,
  TerminateAwardInput,
  TrancheActionInput,
  TranchePayload,
  TranchePermissions,
} from './disbursement.types';
import * as tranches from './tranche.service';

@Resolver(() => Tranche)
export class DisbursementResolver {
  @Authorized(Role.SECRETARIAT)
  @Mutation(() => TranchePayload, {
    description: 'Secretariat asks for the payment of a tranche whose condition is met.',
  })
  requestTranche(@Arg('input', () => TrancheActionInput) input: TrancheActionInput, @Ctx() ctx: Context) {
    return payload(() => tranches.requestTranche(ctx, input));
  }

  @Authorized()
  @Mutation(() => TranchePayload, {
    description: "Four eyes: someone other than the requester, in a role of the fund's policy.",
  })
  approveTranche(@Arg('input', () => TrancheActionInput) input: TrancheActionInput, @Ctx() ctx: Context) {
    return payload(() => tranches.approveTranche(ctx, input));
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => TranchePayload, {
    description: 'Records the bank transfer of an approved tranche; books grants payable → cash.',
  })
  recordTranchePayment(
    @Arg('input', () => RecordTranchePaymentInput) input: RecordTranchePaymentInput,
    @Ctx() ctx: Context,
  ) {
    return payload(() => tranches.recordTranchePayment(ctx, input));
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => TranchePayload, { description: 'Cancels an unpaid tranche and releases its commitment.' })
  cancelTranche(@Arg('input', () => CancelTrancheInput) input: CancelTrancheInput, @Ctx() ctx: Context) {
    return payload(() => tranches.cancelTranche(ctx, input));
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => AwardPayload, { description: "Records the board's decision to terminate an award." })
  terminateAward(@Arg('input', () => TerminateAwardInput) input: TerminateAwardInput, @Ctx() ctx: Context) {
    return payload(async () => ({ award: await closeout.terminateAward(ctx, input) }));
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => AwardPayload, { description: 'Unspent funds received back from the grantee.' })
  recordGrantRefund(@Arg('input', () => RecordGrantRefundInput) input: RecordGrantRefundInput, @Ctx() ctx: Context) {
    return payload(async () => ({ award: await closeout.recordGrantRefund(ctx, input) }));
  }

  @Authorized()
  @FieldResolver(() => TranchePermissions)
  async permissions(@Root() t: Tranche, @Ctx() ctx: Context): Promise<TranchePermissions> {
    const award = (await ctx.loaders.byId(Award, 'tranche.permissions.award').load(t.award.id))!;
    const [fund, condition] = await Promise.all([
      ctx.loaders.byId(Fund, 'tranche.permissions.fund').load(award.fund.id),
      t.conditionReport
        ? ctx.loaders.byId(Report, 'tranche.permissions.condition').load(t.conditionReport.id)
        : Promise.resolve(null),
    ]);
    const p = tranchePermissions(ctx.actor, t, award, fund!, !condition || condition.status === ReportStatus.ACCEPTED);
    return Object.assign(new TranchePermissions(), {
      request: Permission.of(p.request),
      approve: Permission.of(p.approve),
      pay: Permission.of(p.pay),
      cancel: Permission.of(p.cancel),
    });
  }

  @FieldResolver(() => Money, { nullable: true, description: 'Amount paid, once PAID.' })
  async paidAmount(@Root() t: Tranche, @Ctx() ctx: Context): Promise<Money | null> {
    if (t.paidMinor === null) return null;
    const award = await ctx.loaders.byId(Award, 'tranche.paidAmount.award').load(t.award.id);
    return Money.of(t.paidMinor, award!.currency);
  }
}

@Resolver(() => Award)
export class AwardMoneyResolver {
  @FieldResolver(() => Money, { description: 'Paid on the tranches.' })
  async paid(@Root() a: Award, @Ctx() ctx: Context): Promise<Money> {
    const list = await ctx.loaders
      .named<string, bigint>('paidByAward', async (ids) => {
        const rows = await ctx.em.execute<{ award_id: string; s: string }[]>(
          `select award_id, sum(paid_minor)::text as s from tranche where award_id in (?) and status = 'PAID' group by award_id`,
          [[...ids]],
        );
        const m = new Map(rows.map((r) => [r.award_id, BigInt(r.s)]));
        return ids.map((id) => m.get(id) ?? 0n);
      })
      .load(a.id);
    return Money.of(list, a.currency);
  }

  @FieldResolver(() => Money, {
    description: 'Commitment given back to the fund (cancellations, termination, close-out).',
  })
  released(@Root() a: Award): Money {
    return Money.of(a.releasedMinor, a.currency);
  }

  @FieldResolver(() => Money, { description: 'Unspent funds returned by the grantee.' })
  refunded(@Root() a: Award): Money {
    return Money.of(a.refundedMinor, a.currency);
  }
}
