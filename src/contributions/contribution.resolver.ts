import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize, Permission } from '../auth/policy';
import { acting, type Context } from '../graphql/context';
import { BadInputError, payload } from '../graphql/errors';
import { Money } from '../graphql/money';
import { PageArgs, paginate } from '../graphql/paginate';
import { Connection, parseGlobalId } from '../graphql/relay';
import { Fund } from '../funds/fund.entity';
import { Organization } from '../organizations/organization.entity';
import { Pledge } from '../pledges/pledge.entity';
import { moneyListConditions } from '../pledges/pledge.policy';
import { Contribution, ContributionChannel } from './contribution.entity';
import { Role } from '../users/user.entity';
import {
  canDecideWireRate,
  canReadContribution,
  canRefundCardNow,
  canRefundWireNow,
  CONTRIBUTION_READ,
} from './contribution.policy';
import { ContributionPermissions } from './contribution.types';
import { createCardContribution } from './card.service';
import { recordWireContribution } from './wire.service';
import { refundCardContribution } from './refund.service';
import { refundWireContribution } from './wire-refund.service';
import { confirmWireRate, rejectWireRate } from './wire-rate.service';
import { receiptOf } from './receipt';
import {
  CardContributionPayload,
  ContributionFilter,
  ContributionPayload,
  ContributionReceipt,
  CreateCardContributionInput,
  RecordWireContributionInput,
  RefundCardContributionInput,
  RefundWireContributionInput,
  ConfirmWireRateInput,
  RejectWireRateInput,
} from './contribution.types';
import { required } from '../core/required';

const ContributionConnection = Connection(Contribution);

@Resolver(() => Contribution)
export class ContributionResolver {
  @Authorized()
  @Query(() => ContributionConnection, {
    description: 'Donors see their own organisation’s contributions; staff see their funds’.',
  })
  contributions(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => ContributionFilter, { nullable: true }) filter: ContributionFilter | null,
    @Ctx() ctx: Context,
  ) {
    const conds = moneyListConditions(CONTRIBUTION_READ, ctx.actor, filter);
    if (filter?.pledgeId) conds.push({ pledge: parseGlobalId(filter.pledgeId, 'Pledge', 'pledgeId').id });
    if (filter?.status) conds.push({ status: filter.status });
    if (filter?.channel) conds.push({ channel: filter.channel });
    return paginate(ctx.em, Contribution, { $and: conds }, page);
  }

  @Authorized()
  @Query(() => ContributionReceipt, { nullable: true, description: 'The receipt of a received contribution.' })
  async contributionReceipt(
    @Arg('contributionId', () => String) contributionId: string,
    @Ctx() ctx: Context,
  ): Promise<ContributionReceipt | null> {
    const c = await ctx.loaders
      .byId(Contribution)
      .load(parseGlobalId(contributionId, 'Contribution', 'contributionId').id);
    if (!c) throw new BadInputError('Contribution not found.', 'contributionId');
    authorize(canReadContribution(ctx.actor, c));
    return this.receipt(c, ctx);
  }

  @FieldResolver(() => ContributionPermissions)
  permissions(@Root() c: Contribution, @Ctx() ctx: Context): ContributionPermissions {
    const refund =
      c.channel === ContributionChannel.STRIPE
        ? canRefundCardNow(ctx.actor, c, !!ctx.app.payments)
        : canRefundWireNow(ctx.actor, c);
    return Object.assign(new ContributionPermissions(), {
      refund: Permission.of(refund),
      decideRate: Permission.of(canDecideWireRate(ctx.actor, c)),
    });
  }

  @FieldResolver(() => Fund)
  async fund(@Root() c: Contribution, @Ctx() ctx: Context): Promise<Fund> {
    return required(await ctx.loaders.byId(Fund, 'contribution.fund').load(c.fund.id), 'Fund');
  }

  @FieldResolver(() => Organization)
  async donorOrganization(@Root() c: Contribution, @Ctx() ctx: Context): Promise<Organization> {
    return required(
      await ctx.loaders.byId(Organization, 'contribution.donorOrganization').load(c.donorOrganization.id),
      'Organization',
    );
  }

  @FieldResolver(() => Pledge, { nullable: true })
  pledge(@Root() c: Contribution, @Ctx() ctx: Context): Promise<Pledge | null> | null {
    return c.pledge ? ctx.loaders.byId(Pledge, 'contribution.pledge').load(c.pledge.id) : null;
  }

  @FieldResolver(() => Money, { description: 'Original amount and currency.' })
  amount(@Root() c: Contribution): Money {
    return Money.of(c.amountMinor, c.currency);
  }

  @FieldResolver(() => Money, { description: 'Amount in the fund base currency at the recorded rate.' })
  baseAmount(@Root() c: Contribution): Money {
    return Money.of(c.baseAmountMinor, c.baseCurrency);
  }

  @FieldResolver(() => Money, { description: 'Refunded so far, in the original currency.' })
  refunded(@Root() c: Contribution): Money {
    return Money.of(c.refundedMinor, c.currency);
  }

  @FieldResolver(() => Money, { description: 'Net base amount the ledger holds for it now.' })
  bookedBaseAmount(@Root() c: Contribution): Money {
    return Money.of(c.bookedBaseMinor, c.baseCurrency);
  }

  @FieldResolver(() => Money, { description: 'Programme support cost booked on it now.' })
  supportCost(@Root() c: Contribution): Money {
    return Money.of(c.bookedSupportCostMinor, c.baseCurrency);
  }

  @FieldResolver(() => ContributionReceipt, { nullable: true, description: 'Null until the money is received.' })
  async receipt(@Root() c: Contribution, @Ctx() ctx: Context): Promise<ContributionReceipt | null> {
    if (!c.succeeded) return null;
    const [org, fund] = await Promise.all([
      ctx.loaders.byId(Organization, 'contribution.donorOrganization').load(c.donorOrganization.id),
      ctx.loaders.byId(Fund, 'contribution.fund').load(c.fund.id),
    ]);
    return receiptOf(c, required(org, 'org'), required(fund, 'fund'));
  }

  @Authorized(Role.DONOR)
  @Mutation(() => CardContributionPayload, {
    description: 'A donor member starts a card payment: a PENDING contribution and a Stripe PaymentIntent.',
  })
  createCardContribution(
    @Arg('input', () => CreateCardContributionInput) input: CreateCardContributionInput,
    @Ctx() ctx: Context,
  ) {
    return payload(() => createCardContribution(acting(ctx), input));
  }

  @Authorized()
  @Mutation(() => ContributionPayload, { description: 'The secretariat records a wire transfer received.' })
  recordWireContribution(
    @Arg('input', () => RecordWireContributionInput) input: RecordWireContributionInput,
    @Ctx() ctx: Context,
  ) {
    return payload(async () => ({ contribution: await recordWireContribution(acting(ctx), input) }));
  }

  @Authorized()
  @Mutation(() => ContributionPayload, {
    description: 'The secretariat asks Stripe to refund a card contribution; the ledger follows charge.refunded.',
  })
  refundCardContribution(
    @Arg('input', () => RefundCardContributionInput) input: RefundCardContributionInput,
    @Ctx() ctx: Context,
  ) {
    return payload(async () => ({ contribution: await refundCardContribution(acting(ctx), input) }));
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => ContributionPayload, {
    description: 'The secretariat records a wire sent back to the donor (full or partial); books the reversal.',
  })
  refundWireContribution(
    @Arg('input', () => RefundWireContributionInput) input: RefundWireContributionInput,
    @Ctx() ctx: Context,
  ) {
    return payload(async () => ({ contribution: await refundWireContribution(acting(ctx), input) }));
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => ContributionPayload, {
    description:
      "A second secretariat member confirms a wire whose rate is beyond the fund's tolerance; it is posted then.",
  })
  confirmWireRate(@Arg('input', () => ConfirmWireRateInput) input: ConfirmWireRateInput, @Ctx() ctx: Context) {
    return payload(async () => ({ contribution: await confirmWireRate(acting(ctx), input) }));
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => ContributionPayload, {
    description: 'A second secretariat member rejects such a rate: never posted, the bank reference freed.',
  })
  rejectWireRate(@Arg('input', () => RejectWireRateInput) input: RejectWireRateInput, @Ctx() ctx: Context) {
    return payload(async () => ({ contribution: await rejectWireRate(acting(ctx), input) }));
  }
}
