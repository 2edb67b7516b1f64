import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  Info,
  InputType,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { FilterQuery } from '@mikro-orm/core';
import type { GraphQLResolveInfo } from 'graphql';
import { authorize, Permission } from '../auth/policy';
import { Application } from '../applications/application.entity';
import { gcLoaders } from '../applications/application.loaders';
import { canReadApplication, readableApplicationsOfFundWhere, readableFunds } from '../applications/application.policy';
import { compiledConnection, compiledList } from '../compiled-reads/compiler';
import './grant-call.sql-read';
import { Fund } from '../funds/fund.entity';
import { acting, actorOf, type Context } from '../graphql/context';
import { payload } from '../graphql/errors';
import { Money } from '../graphql/money';
import { PageArgs, paginate, paginateViews } from '../graphql/paginate';
import { Connection, parseGlobalId } from '../graphql/relay';
import { GrantCall, GrantCallStatus } from './grant-call.entity';
import { canReadCall, canTransitionCall, canUpdateCall, readableCallsWhere } from './grant-call.policy';
import * as service from './grant-call.service';
import {
  CallCategory,
  CreateGrantCallInput,
  EligibilityRuleIO,
  GrantCallPayload,
  GrantCallPermissions,
  GrantCallTransitionInput,
  RubricCriterionIO,
  UpdateGrantCallInput,
} from './grant-call.types';
import { required } from '../core/required';

const GrantCallConnection = Connection(GrantCall);

@InputType()
class GrantCallFilter {
  @Field(() => String, { nullable: true }) fundId?: string;
  @Field(() => GrantCallStatus, {
    nullable: true,
    description: 'Effective status (an OPEN call past its closing time is CLOSED).',
  })
  status?: GrantCallStatus;
}

/** Translates an effective status into a stored-status filter at `now`. */
function statusWhere(status: GrantCallStatus, now: Date): FilterQuery<GrantCall> {
  if (status === GrantCallStatus.OPEN) return { status, closesAt: { $gt: now } };
  if (status === GrantCallStatus.CLOSED) {
    return { $or: [{ status }, { status: GrantCallStatus.OPEN, closesAt: { $lte: now } }] };
  }
  return { status };
}

@Resolver(() => GrantCall)
export class GrantCallResolver {
  @Query(() => GrantCallConnection, {
    description: 'Public, no login: calls open for submissions now (opened, not yet closed).',
  })
  openCalls(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('fundId', () => String, { nullable: true }) fundId: string | null,
    @Ctx() ctx: Context,
  ) {
    const now = ctx.app.clock.now();
    const where: FilterQuery<GrantCall> = {
      status: GrantCallStatus.OPEN,
      opensAt: { $lte: now },
      closesAt: { $gt: now },
    };
    if (fundId) Object.assign(where, { fund: parseGlobalId(fundId, 'Fund', 'fundId').id });
    return paginate(ctx.em, GrantCall, where, page);
  }

  @Authorized()
  @Query(() => GrantCallConnection, { description: 'Fund staff see every call; others every call but drafts.' })
  grantCalls(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => GrantCallFilter, { nullable: true }) filter: GrantCallFilter | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    const conds: FilterQuery<GrantCall>[] = [];
    if (filter?.fundId) conds.push({ fund: parseGlobalId(filter.fundId, 'Fund', 'fundId').id });
    if (filter?.status) conds.push(statusWhere(filter.status, ctx.app.clock.now()));
    conds.push(readableCallsWhere(ctx.actor));
    const where = { $and: conds };
    // The page and everything selected under it in one statement when it compiles (src/compiled-reads/).
    const compiled = compiledConnection<GrantCall>(ctx, info, {
      entity: GrantCall,
      where,
      page,
      scope: { funds: readableFunds(actorOf(ctx)) },
    });
    return compiled ?? paginateViews(ctx.em, GrantCall, where, page);
  }

  @Query(() => GrantCall, { nullable: true, description: 'Public for calls that are not drafts.' })
  async grantCall(@Arg('id', () => String) id: string, @Ctx() ctx: Context): Promise<GrantCall | null> {
    const call = await ctx.loaders.byId(GrantCall).load(parseGlobalId(id, 'GrantCall').id);
    if (call) authorize(canReadCall(ctx.actor, call));
    return call;
  }

  @FieldResolver(() => Fund)
  async fund(@Root() c: GrantCall, @Ctx() ctx: Context): Promise<Fund> {
    return required(await ctx.loaders.byId(Fund, 'grant-call.fund').load(c.fund.id), 'Fund');
  }

  @FieldResolver(() => GrantCallStatus, { description: 'Effective status: the call closes by itself at closesAt.' })
  status(@Root() c: GrantCall, @Ctx() ctx: Context): GrantCallStatus {
    return c.effectiveStatus(ctx.app.clock.now());
  }

  @FieldResolver(() => Money)
  minAward(@Root() c: GrantCall): Money {
    return Money.of(c.minAwardMinor, c.currency);
  }

  @FieldResolver(() => Money)
  maxAward(@Root() c: GrantCall): Money {
    return Money.of(c.maxAwardMinor, c.currency);
  }

  @FieldResolver(() => Money, { description: 'The money the fund intends to award in this call.' })
  envelope(@Root() c: GrantCall): Money {
    return Money.of(c.envelopeMinor, c.currency);
  }

  @FieldResolver(() => Money, { description: 'Envelope minus the awards made in this call.' })
  async remainingEnvelope(@Root() c: GrantCall, @Ctx() ctx: Context): Promise<Money> {
    return Money.of(c.envelopeMinor - (await gcLoaders.awardedByCall(ctx).load(c.id)), c.currency);
  }

  @FieldResolver(() => [RubricCriterionIO])
  rubric(@Root() c: GrantCall): RubricCriterionIO[] {
    return c.rubric.map((r) => Object.assign(new RubricCriterionIO(), r));
  }

  @FieldResolver(() => [CallCategory], { description: 'Applicant categories; each application names one.' })
  categories(@Root() c: GrantCall): CallCategory[] {
    return c.categories.map((k) =>
      Object.assign(new CallCategory(), {
        key: k.key,
        label: k.label,
        maxAward: Money.of(BigInt(k.maxAwardMinor), c.currency),
        firstGrantOnly: k.firstGrantOnly,
      }),
    );
  }

  @FieldResolver(() => [EligibilityRuleIO])
  eligibilityRules(@Root() c: GrantCall): EligibilityRuleIO[] {
    return c.eligibilityRules.map((r) => Object.assign(new EligibilityRuleIO(), r));
  }

  @Authorized()
  @FieldResolver(() => [Application], { description: 'The applications the caller may see, oldest first.' })
  async applications(
    @Root() c: GrantCall,
    @Arg('first', () => Int, { nullable: true, description: 'At most this many, up to 100 (all when omitted).' })
    first: number | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Application[]> {
    if (first !== null && first !== undefined && first <= 0) return [];
    const limit = first === null || first === undefined ? null : Math.min(first, 100);
    // The whole selection in one statement when it compiles (src/compiled-reads/).
    const compiled =
      ctx.actor &&
      compiledList(ctx, info, {
        entity: Application,
        parentColumn: 'call_id',
        where: readableApplicationsOfFundWhere(ctx.actor, c.fund.id),
        scope: { funds: [c.fund.id] },
        orderBy: 'id',
        first: limit,
      });
    if (compiled) return (await compiled.load(c.id)) as Application[];
    if (limit === null) {
      const apps = await gcLoaders.applicationsByCall(ctx).load(c.id);
      return apps.filter((a) => canReadApplication(ctx.actor, a).allowed);
    }
    const apps = await gcLoaders.firstApplicationsByCall(ctx, limit).load(c.id);
    return apps.filter((a) => canReadApplication(ctx.actor, a).allowed);
  }

  @FieldResolver(() => GrantCallPermissions)
  permissions(@Root() c: GrantCall, @Ctx() ctx: Context): GrantCallPermissions {
    const now = ctx.app.clock.now();
    const move = (to: GrantCallStatus) => Permission.of(canTransitionCall(ctx.actor, c, to, now));
    return Object.assign(new GrantCallPermissions(), {
      update: Permission.of(canUpdateCall(ctx.actor, c, now)),
      open: move(GrantCallStatus.OPEN),
      close: move(GrantCallStatus.CLOSED),
      startReview: move(GrantCallStatus.IN_REVIEW),
      markDecided: move(GrantCallStatus.DECIDED),
      cancel: move(GrantCallStatus.CANCELLED),
    });
  }

  @Authorized()
  @Mutation(() => GrantCallPayload)
  createGrantCall(@Arg('input', () => CreateGrantCallInput) input: CreateGrantCallInput, @Ctx() ctx: Context) {
    return payload(async () => ({ grantCall: await service.createGrantCall(acting(ctx), input) }));
  }

  @Authorized()
  @Mutation(() => GrantCallPayload, {
    description: 'Drafts: anything. Open calls: title, description, a later closing time.',
  })
  updateGrantCall(@Arg('input', () => UpdateGrantCallInput) input: UpdateGrantCallInput, @Ctx() ctx: Context) {
    return payload(async () => ({ grantCall: await service.updateGrantCall(acting(ctx), input) }));
  }

  @Authorized()
  @Mutation(() => GrantCallPayload)
  openGrantCall(@Arg('input', () => GrantCallTransitionInput) input: GrantCallTransitionInput, @Ctx() ctx: Context) {
    return payload(async () => ({
      grantCall: await service.transitionCall(acting(ctx), input.callId, GrantCallStatus.OPEN),
    }));
  }

  @Authorized()
  @Mutation(() => GrantCallPayload, { description: 'Closes early; a call also closes by itself at closesAt.' })
  closeGrantCall(@Arg('input', () => GrantCallTransitionInput) input: GrantCallTransitionInput, @Ctx() ctx: Context) {
    return payload(async () => ({
      grantCall: await service.transitionCall(acting(ctx), input.callId, GrantCallStatus.CLOSED),
    }));
  }

  @Authorized()
  @Mutation(() => GrantCallPayload)
  startGrantCallReview(
    @Arg('input', () => GrantCallTransitionInput) input: GrantCallTransitionInput,
    @Ctx() ctx: Context,
  ) {
    return payload(async () => ({
      grantCall: await service.transitionCall(acting(ctx), input.callId, GrantCallStatus.IN_REVIEW),
    }));
  }

  @Authorized()
  @Mutation(() => GrantCallPayload)
  markGrantCallDecided(
    @Arg('input', () => GrantCallTransitionInput) input: GrantCallTransitionInput,
    @Ctx() ctx: Context,
  ) {
    return payload(async () => ({
      grantCall: await service.transitionCall(acting(ctx), input.callId, GrantCallStatus.DECIDED),
    }));
  }

  @Authorized()
  @Mutation(() => GrantCallPayload)
  cancelGrantCall(@Arg('input', () => GrantCallTransitionInput) input: GrantCallTransitionInput, @Ctx() ctx: Context) {
    return payload(async () => ({
      grantCall: await service.transitionCall(
        acting(ctx),
        input.callId,
        GrantCallStatus.CANCELLED,
        input.reason ?? null,
      ),
    }));
  }
}
