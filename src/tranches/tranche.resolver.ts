import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Award } from '../awards/award.entity';
import { Tranche, TrancheStatus } from './tranche.entity';
import { Permission } from '../auth/policy';
import { Fund } from '../funds/fund.entity';
import { factsFromLoaders } from './tranche.facts';
import { decide } from './tranche.rules';
import { TranchePayment } from './tranche-payment.entity';
import { groupBy } from '../graphql/loaders';
import { globalId } from '../graphql/relay';
import { acting, type Context } from '../graphql/context';
import { payload } from '../graphql/errors';
import { Money } from '../graphql/money';
import { Role } from '../users/user.entity';
import { Report } from '../reports/report.entity';
import {
  CancelTrancheInput,
  RecordTranchePaymentInput,
  TrancheActionInput,
  TranchePayload,
  TranchePermissions,
} from './tranche.types';
import * as tranches from './tranche.service';

import { required } from '../core/required';

@Resolver(() => Tranche)
export class TrancheResolver {
  @FieldResolver(() => Money)
  async amount(@Root() t: Tranche, @Ctx() ctx: Context): Promise<Money> {
    // Listed under its award (award { tranches }) the tranche's award carries its currency (a view
    // from the loader, or an entity already loaded): no statement.
    const currency =
      (t.award.currency as string | undefined) ??
      required(await ctx.loaders.byId(Award, 'award.award').load(t.award.id), 'Award').currency;
    return Money.of(t.plannedMinor, currency);
  }

  @FieldResolver(() => Report, { nullable: true, description: 'Report to be accepted before this tranche is paid.' })
  condition(@Root() t: Tranche, @Ctx() ctx: Context): Promise<Report | null> {
    return t.conditionReport
      ? ctx.loaders.byId(Report, 'award.conditionReport').load(t.conditionReport.id)
      : Promise.resolve(null);
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => TranchePayload, {
    description: 'Secretariat asks for the payment of a tranche whose condition is met.',
  })
  requestTranche(@Arg('input', () => TrancheActionInput) input: TrancheActionInput, @Ctx() ctx: Context) {
    return payload(() => tranches.requestTranche(acting(ctx), input));
  }

  @Authorized()
  @Mutation(() => TranchePayload, {
    description: "Four eyes: someone other than the requester, in a role of the fund's policy.",
  })
  approveTranche(@Arg('input', () => TrancheActionInput) input: TrancheActionInput, @Ctx() ctx: Context) {
    return payload(() => tranches.approveTranche(acting(ctx), input));
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => TranchePayload, {
    description: 'Records the bank transfer of an approved tranche; books grants payable → cash.',
  })
  recordTranchePayment(
    @Arg('input', () => RecordTranchePaymentInput) input: RecordTranchePaymentInput,
    @Ctx() ctx: Context,
  ) {
    return payload(() => tranches.recordTranchePayment(acting(ctx), input));
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => TranchePayload, { description: 'Cancels an unpaid tranche and releases its commitment.' })
  cancelTranche(@Arg('input', () => CancelTrancheInput) input: CancelTrancheInput, @Ctx() ctx: Context) {
    return payload(() => tranches.cancelTranche(acting(ctx), input));
  }

  @Authorized()
  @FieldResolver(() => TranchePermissions, {
    description: 'Evaluated by the same ordered rules as the tranche mutations (same codes and reasons).',
  })
  async permissions(@Root() t: Tranche, @Ctx() ctx: Context): Promise<TranchePermissions> {
    const award = required(await ctx.loaders.byId(Award, 'tranche.permissions.award').load(t.award.id), 'Award');
    const fund = required(await ctx.loaders.byId(Fund, 'tranche.permissions.fund').load(award.fund.id), 'Fund');
    const facts = factsFromLoaders(ctx, t, award, fund);
    // Every fact up front, batched across the list: the statement count does not depend on which rule refuses.
    await Promise.all([facts.organization(), facts.conditionReport(), facts.hasOverdueReport()]);
    const [request, approve, pay, cancel] = await Promise.all(
      (['request', 'approve', 'pay', 'cancel'] as const).map(async (a) => Permission.of(await decide(a, facts))),
    );
    return Object.assign(new TranchePermissions(), { request, approve, pay, cancel });
  }

  @FieldResolver(() => String, { nullable: true, description: 'Global User id of who recorded the request.' })
  requestedById(@Root() t: Tranche): string | null {
    return t.requestedById ? globalId('User', t.requestedById) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Global User id of who approved it.' })
  approvedById(@Root() t: Tranche): string | null {
    return t.approvedById ? globalId('User', t.approvedById) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Global User id of who recorded the latest payment.' })
  paidById(@Root() t: Tranche): string | null {
    return t.paidById ? globalId('User', t.paidById) : null;
  }

  @FieldResolver(() => Money, { description: 'Approved and not yet paid (0 once PAID or CANCELLED).' })
  async unpaidAmount(@Root() t: Tranche, @Ctx() ctx: Context): Promise<Money> {
    const award = await ctx.loaders.byId(Award, 'tranche.paidAmount.award').load(t.award.id);
    const open = t.status !== TrancheStatus.PAID && t.status !== TrancheStatus.CANCELLED;
    return Money.of(open ? t.plannedMinor - (t.paidMinor ?? 0n) : 0n, required(award, 'award').currency);
  }

  @FieldResolver(() => [TranchePayment], { description: 'Bank transfers recorded on the tranche, oldest first.' })
  payments(@Root() t: Tranche, @Ctx() ctx: Context): Promise<TranchePayment[]> {
    return ctx.loaders
      .named<string, TranchePayment[]>('tranche.payments', async (ids) =>
        groupBy(
          ids,
          await ctx.em.find(TranchePayment, { tranche: { $in: [...ids] } }, { orderBy: { id: 'asc' } }),
          (p) => p.tranche.id,
        ),
      )
      .load(t.id);
  }

  @FieldResolver(() => Money, { nullable: true, description: 'Amount paid so far (the sum of its payments).' })
  async paidAmount(@Root() t: Tranche, @Ctx() ctx: Context): Promise<Money | null> {
    if (t.paidMinor === null) return null;
    const award = await ctx.loaders.byId(Award, 'tranche.paidAmount.award').load(t.award.id);
    return Money.of(t.paidMinor, required(award, 'award').currency);
  }
}
