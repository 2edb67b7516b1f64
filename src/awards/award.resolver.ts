import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { FilterQuery } from '@mikro-orm/core';
import { authorize, Permission } from '../auth/policy';
import { Application } from '../applications/application.entity';
import { gcLoaders } from '../applications/application.loaders';
import { GrantCall } from '../calls/grant-call.entity';
import { Fund } from '../funds/fund.entity';
import { acting, actorOf, type Context } from '../graphql/context';
import { Money } from '../graphql/money';
import { PageArgs, paginate } from '../graphql/paginate';
import { Connection, parseGlobalId } from '../graphql/relay';
import { Organization } from '../organizations/organization.entity';
import { Award } from './award.entity';
import { Report } from '../reports/report.entity';
import { Tranche } from '../tranches/tranche.entity';
import {
  canAmendSchedule,
  canReadAward,
  canRecordGrantRefund,
  canTerminateAward,
  readableAwardsWhere,
} from './award.policy';
import {
  AcceptAwardInput,
  AwardFilter,
  DeclineAwardInput,
  AwardPayload,
  AwardPermissions,
  RecordGrantRefundInput,
  TerminateAwardInput,
} from './award.types';
import * as closeout from './closeout.service';
import * as acceptance from './acceptance.service';
import { canAnswerAwardNow } from './acceptance.policy';
import { awardsWithPendingAmendment, paidOnAwards } from './award.repository';
import { AwardAmendment } from '../amendments/award-amendment.entity';
import { payload } from '../graphql/errors';
import { groupBy } from '../graphql/loaders';
import { Role } from '../users/user.entity';
import { required } from '../core/required';
import { unspentFacts, type UnspentFacts } from './unspent.loader';
import { UnspentFunds, unspentFunds } from './unspent';

const AwardConnection = Connection(Award);

@Resolver(() => Award)
export class AwardResolver {
  @Authorized()
  @Query(() => Award, { nullable: true })
  async award(@Arg('id', () => String) id: string, @Ctx() ctx: Context): Promise<Award | null> {
    const award = await ctx.loaders.byId(Award).load(parseGlobalId(id, 'Award').id);
    if (award) authorize(canReadAward(ctx.actor, award));
    return award;
  }

  @Authorized()
  @Query(() => AwardConnection, { description: 'Grantees see their own awards; fund staff the awards of their funds.' })
  async awards(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => AwardFilter, { nullable: true }) filter: AwardFilter | null,
    @Ctx() ctx: Context,
  ) {
    const conds: FilterQuery<Award>[] = [readableAwardsWhere(actorOf(ctx))];
    if (filter?.fundId) conds.push({ fund: parseGlobalId(filter.fundId, 'Fund', 'fundId').id });
    if (filter?.callId) conds.push({ call: parseGlobalId(filter.callId, 'GrantCall', 'callId').id });
    if (filter?.organizationId) {
      conds.push({ organization: parseGlobalId(filter.organizationId, 'Organization', 'organizationId').id });
    }
    if (filter?.status) conds.push({ status: filter.status });
    if (filter?.pendingAmendment != null) {
      const ids = await awardsWithPendingAmendment(ctx.em);
      conds.push({ id: filter.pendingAmendment ? { $in: ids } : { $nin: ids } });
    }
    return paginate(ctx.em, Award, conds.length ? { $and: conds } : {}, page);
  }

  @FieldResolver(() => AwardPermissions)
  permissions(@Root() a: Award, @Ctx() ctx: Context): AwardPermissions {
    return Object.assign(new AwardPermissions(), {
      terminate: Permission.of(canTerminateAward(ctx.actor, a)),
      amendSchedule: Permission.of(canAmendSchedule(ctx.actor, a)),
      recordRefund: Permission.of(canRecordGrantRefund(ctx.actor, a)),
      answer: Permission.of(canAnswerAwardNow(ctx.actor, a, ctx.app.clock.now())),
    });
  }

  @FieldResolver(() => Money)
  amount(@Root() a: Award): Money {
    return Money.of(a.amountMinor, a.currency);
  }

  @FieldResolver(() => Application)
  async application(@Root() a: Award, @Ctx() ctx: Context): Promise<Application> {
    return required(await ctx.loaders.byId(Application, 'award.application').load(a.application.id), 'Application');
  }

  @FieldResolver(() => Organization)
  async organization(@Root() a: Award, @Ctx() ctx: Context): Promise<Organization> {
    return required(await ctx.loaders.byId(Organization, 'award.organization').load(a.organization.id), 'Organization');
  }

  @FieldResolver(() => GrantCall)
  async call(@Root() a: Award, @Ctx() ctx: Context): Promise<GrantCall> {
    return required(await ctx.loaders.byId(GrantCall, 'award.call').load(a.call.id), 'GrantCall');
  }

  @FieldResolver(() => Fund)
  async fund(@Root() a: Award, @Ctx() ctx: Context): Promise<Fund> {
    return required(await ctx.loaders.byId(Fund, 'award.fund').load(a.fund.id), 'Fund');
  }

  @FieldResolver(() => [Tranche])
  tranches(@Root() a: Award, @Ctx() ctx: Context): Promise<Tranche[]> {
    return gcLoaders.tranchesByAward(ctx).load(a.id);
  }

  @FieldResolver(() => [Report], { description: 'Reporting obligations, by due date.' })
  reports(@Root() a: Award, @Ctx() ctx: Context): Promise<Report[]> {
    return gcLoaders.reportsByAward(ctx).load(a.id);
  }

  @FieldResolver(() => Money, { description: 'Paid on the tranches.' })
  async paid(@Root() a: Award, @Ctx() ctx: Context): Promise<Money> {
    const list = await ctx.loaders
      .named<string, bigint>('paidByAward', async (ids) => {
        const paid = await paidOnAwards(ctx.em, ids);
        return ids.map((id) => paid.get(id) ?? 0n);
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

  @FieldResolver(() => UnspentFunds, {
    description: 'Unspent funds at close-out: what the grantee owes back, where to send it, what came back.',
  })
  async unspentFunds(@Root() a: Award, @Ctx() ctx: Context): Promise<UnspentFunds> {
    const [fund, facts] = await Promise.all([this.fund(a, ctx), unspentFacts(ctx).load(a.id)]);
    return unspentFunds(a, fund, facts as UnspentFacts);
  }

  @FieldResolver(() => Money, { description: 'Unspent funds returned by the grantee.' })
  refunded(@Root() a: Award): Money {
    return Money.of(a.refundedMinor, a.currency);
  }

  @FieldResolver(() => [AwardAmendment], { description: 'Amendments that change the total, oldest first.' })
  amendments(@Root() a: Award, @Ctx() ctx: Context): Promise<AwardAmendment[]> {
    return ctx.loaders
      .named<string, AwardAmendment[]>('amendmentsByAward', async (ids) =>
        groupBy(
          ids,
          await ctx.em.find(AwardAmendment, { award: { $in: [...ids] } }, { orderBy: { id: 'asc' } }),
          (m) => m.award.id,
        ),
      )
      .load(a.id);
  }

  @Authorized(Role.NGO)
  @Mutation(() => AwardPayload, {
    description: 'The grantee accepts its award (funds whose policy asks for it); tranches wait for it.',
  })
  acceptAward(@Arg('input', () => AcceptAwardInput) input: AcceptAwardInput, @Ctx() ctx: Context) {
    return payload(async () => ({ award: await acceptance.acceptAward(acting(ctx), input) }));
  }

  @Authorized(Role.NGO)
  @Mutation(() => AwardPayload, {
    description: 'The grantee declines its award: the commitment goes back to the fund, the award ends.',
  })
  declineAward(@Arg('input', () => DeclineAwardInput) input: DeclineAwardInput, @Ctx() ctx: Context) {
    return payload(async () => ({ award: await acceptance.declineAward(acting(ctx), input) }));
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => AwardPayload, { description: "Records the board's decision to terminate an award." })
  terminateAward(@Arg('input', () => TerminateAwardInput) input: TerminateAwardInput, @Ctx() ctx: Context) {
    return payload(async () => ({ award: await closeout.terminateAward(acting(ctx), input) }));
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => AwardPayload, { description: 'Unspent funds received back from the grantee.' })
  recordGrantRefund(@Arg('input', () => RecordGrantRefundInput) input: RecordGrantRefundInput, @Ctx() ctx: Context) {
    return payload(async () => ({ award: await closeout.recordGrantRefund(acting(ctx), input) }));
  }
}
