import { Arg, Args, Authorized, Ctx, Field, FieldResolver, InputType, Query, Resolver, Root } from 'type-graphql';
import type { FilterQuery } from '@mikro-orm/core';
import { authorize } from '../auth/policy';
import { Application } from '../applications/application.entity';
import { gcLoaders } from '../applications/application.loaders';
import { GrantCall } from '../calls/grant-call.entity';
import { Fund } from '../funds/fund.entity';
import type { Context } from '../graphql/context';
import { Money } from '../graphql/money';
import { PageArgs, paginate } from '../graphql/paginate';
import { Connection, parseGlobalId } from '../graphql/relay';
import { Organization } from '../organizations/organization.entity';
import { Award, AwardStatus, Report, Tranche } from './award.entity';
import { canReadAward, readableAwardsWhere } from './award.policy';

const AwardConnection = Connection(Award);

@InputType()
class AwardFilter {
  @Field(() => String, { nullable: true }) fundId?: string;
  @Field(() => String, { nullable: true }) callId?: string;
  @Field(() => String, { nullable: true }) organizationId?: string;
  @Field(() => AwardStatus, { nullable: true }) status?: AwardStatus;
}

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
  awards(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => AwardFilter, { nullable: true }) filter: AwardFilter | null,
    @Ctx() ctx: Context,
  ) {
    const conds: FilterQuery<Award>[] = [readableAwardsWhere(ctx.actor!)];
    if (filter?.fundId) conds.push({ fund: parseGlobalId(filter.fundId, 'Fund', 'fundId').id });
    if (filter?.callId) conds.push({ call: parseGlobalId(filter.callId, 'GrantCall', 'callId').id });
    if (filter?.organizationId) {
      conds.push({ organization: parseGlobalId(filter.organizationId, 'Organization', 'organizationId').id });
    }
    if (filter?.status) conds.push({ status: filter.status });
    return paginate(ctx.em, Award, conds.length ? { $and: conds } : {}, page);
  }

  @FieldResolver(() => Money)
  amount(@Root() a: Award): Money {
    return Money.of(a.amountMinor, a.currency);
  }

  @FieldResolver(() => Application)
  async application(@Root() a: Award, @Ctx() ctx: Context): Promise<Application> {
    return (await ctx.loaders.byId(Application, 'award.application').load(a.application.id))!;
  }

  @FieldResolver(() => Organization)
  async organization(@Root() a: Award, @Ctx() ctx: Context): Promise<Organization> {
    return (await ctx.loaders.byId(Organization, 'award.organization').load(a.organization.id))!;
  }

  @FieldResolver(() => GrantCall)
  async call(@Root() a: Award, @Ctx() ctx: Context): Promise<GrantCall> {
    return (await ctx.loaders.byId(GrantCall, 'award.call').load(a.call.id))!;
  }

  @FieldResolver(() => Fund)
  async fund(@Root() a: Award, @Ctx() ctx: Context): Promise<Fund> {
    return (await ctx.loaders.byId(Fund, 'award.fund').load(a.fund.id))!;
  }

  @FieldResolver(() => [Tranche])
  tranches(@Root() a: Award, @Ctx() ctx: Context): Promise<Tranche[]> {
    return gcLoaders.tranchesByAward(ctx).load(a.id);
  }

  @FieldResolver(() => [Report], { description: 'Reporting obligations, by due date.' })
  reports(@Root() a: Award, @Ctx() ctx: Context): Promise<Report[]> {
    return gcLoaders.reportsByAward(ctx).load(a.id);
  }
}

@Resolver(() => Tranche)
export class TrancheResolver {
  @FieldResolver(() => Money)
  async amount(@Root() t: Tranche, @Ctx() ctx: Context): Promise<Money> {
    // Listed under its award (award { tranches }) the tranche's award carries its currency (a view
    // from the loader, or an entity already loaded): no statement.
    const currency =
      (t.award.currency as string | undefined) ??
      (await ctx.loaders.byId(Award, 'award.award').load(t.award.id))!.currency;
    return Money.of(t.plannedMinor, currency);
  }

  @FieldResolver(() => Report, { nullable: true, description: 'Report to be accepted before this tranche is paid.' })
  condition(@Root() t: Tranche, @Ctx() ctx: Context): Promise<Report | null> {
    return t.conditionReport
      ? ctx.loaders.byId(Report, 'award.conditionReport').load(t.conditionReport.id)
      : Promise.resolve(null);
  }
}

@Resolver(() => Report)
export class ReportResolver {
  @FieldResolver(() => Award)
  async award(@Root() r: Report, @Ctx() ctx: Context): Promise<Award> {
    return (await ctx.loaders.byId(Award, 'award.award').load(r.award.id))!;
  }
}
