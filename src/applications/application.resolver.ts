import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  InputType,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
  UseMiddleware,
} from 'type-graphql';
import type { FilterQuery } from '@mikro-orm/core';
import { GraphQLJSON } from 'graphql-scalars';
import { authorize, Permission } from '../auth/policy';
import { diff } from '../audit/audit.service';
import { Award } from '../awards/award.entity';
import { GrantCall } from '../calls/grant-call.entity';
import { Fund } from '../funds/fund.entity';
import { acting, actorOf, type Context } from '../graphql/context';
import { checkedErrors, errorType, payload, type UserError } from '../graphql/errors';
import { APPLICATION_ERRORS } from './application.errors';
import { Money } from '../graphql/money';
import { PageArgs, paginate } from '../graphql/paginate';
import { Connection, parseGlobalId } from '../graphql/relay';
import { Organization } from '../organizations/organization.entity';
import { BoardVote, ConflictDeclaration, Review } from '../reviews/review.entity';
import { myConflict, readReviewsDecision } from '../reviews/board';
import { BoardTally, boardTally } from '../reviews/tally';
import { Application, ApplicationStatus, ApplicationVersion, EligibilityCheck } from './application.entity';
import { gcLoaders } from './application.loaders';
import * as policy from './application.policy';
import {
  applicantProblems,
  callProblem,
  contentProblems,
  documentProblem,
  stageProblem,
  vettingProblem,
} from './application.rules';
import * as service from './application.service';
import {
  ApplicationActionInput,
  ApplicationPayload,
  ApplicationPermissions,
  CreateApplicationInput,
  RequestApplicationInfoInput,
  ScreenApplicationInput,
  UpdateApplicationInput,
} from './application.types';
import { required } from '../core/required';
import { ConceptNote } from '../concepts/concept-note.entity';
import { canReadConceptNote } from '../concepts/concept-note.policy';

const ApplicationConnection = Connection(Application);

@ObjectType('BudgetLine')
class BudgetLineView {
  @Field(() => String) category!: string;
  @Field(() => String) description!: string;
  @Field(() => Money) amount!: Money;
}

@InputType()
class ApplicationFilter {
  @Field(() => String, { nullable: true }) callId?: string;
  @Field(() => String, { nullable: true }) organizationId?: string;
  @Field(() => ApplicationStatus, { nullable: true }) status?: ApplicationStatus;
}

@Resolver(() => Application)
export class ApplicationResolver {
  @Authorized()
  @Query(() => ApplicationConnection, {
    description: "NGO members see their organisation's applications (drafts included); fund staff the submitted ones.",
  })
  applications(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => ApplicationFilter, { nullable: true }) filter: ApplicationFilter | null,
    @Ctx() ctx: Context,
  ) {
    const conds: FilterQuery<Application>[] = [policy.readableApplicationsWhere(actorOf(ctx))];
    if (filter?.callId) conds.push({ call: parseGlobalId(filter.callId, 'GrantCall', 'callId').id });
    if (filter?.organizationId) {
      conds.push({ organization: parseGlobalId(filter.organizationId, 'Organization', 'organizationId').id });
    }
    if (filter?.status) conds.push({ status: filter.status });
    return paginate(ctx.em, Application, { $and: conds }, page);
  }

  @Authorized()
  @Query(() => Application, { nullable: true })
  async application(@Arg('id', () => String) id: string, @Ctx() ctx: Context): Promise<Application | null> {
    const app = await ctx.loaders.byId(Application).load(parseGlobalId(id, 'Application').id);
    if (app) authorize(policy.canReadApplication(ctx.actor, app));
    return app;
  }

  @FieldResolver(() => GrantCall)
  async call(@Root() a: Application, @Ctx() ctx: Context): Promise<GrantCall> {
    return required(await ctx.loaders.byId(GrantCall, 'application.call').load(a.call.id), 'GrantCall');
  }

  @FieldResolver(() => Fund)
  async fund(@Root() a: Application, @Ctx() ctx: Context): Promise<Fund> {
    return required(await ctx.loaders.byId(Fund, 'application.fund').load(a.fund.id), 'Fund');
  }

  @FieldResolver(() => Organization)
  async organization(@Root() a: Application, @Ctx() ctx: Context): Promise<Organization> {
    return required(
      await ctx.loaders.viewById(Organization, 'application.organization').load(a.organization.id),
      'Organization',
    );
  }

  @FieldResolver(() => ConceptNote, {
    nullable: true,
    description: 'Two-stage calls: the shortlisted concept note this full proposal follows.',
  })
  async conceptNote(@Root() a: Application, @Ctx() ctx: Context): Promise<ConceptNote | null> {
    if (!a.conceptNote) return null;
    const note = await ctx.loaders.byId(ConceptNote, 'application.conceptNote').load(a.conceptNote.id);
    return note && canReadConceptNote(ctx.actor, note).allowed ? note : null;
  }

  @FieldResolver(() => Money)
  requestedAmount(@Root() a: Application): Money {
    return Money.of(a.requestedMinor, a.currency);
  }

  @FieldResolver(() => Money, { nullable: true, description: "The secretariat's proposed award amount." })
  proposedAmount(@Root() a: Application): Money | null {
    return a.proposedMinor === null ? null : Money.of(a.proposedMinor, a.currency);
  }

  @FieldResolver(() => Money, { nullable: true, description: "The project's total budget, other funding included." })
  projectBudget(@Root() a: Application): Money | null {
    return a.projectBudgetMinor === null ? null : Money.of(a.projectBudgetMinor, a.currency);
  }

  @FieldResolver(() => [BudgetLineView])
  budgetLines(@Root() a: Application): BudgetLineView[] {
    return a.budgetLines.map((l) =>
      Object.assign(new BudgetLineView(), {
        category: l.category,
        description: l.description,
        amount: Money.of(BigInt(l.amountMinor), a.currency),
      }),
    );
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "The secretariat's recommendation to the board. Confidential like reviews (canReadReviews): fund staff and " +
      'board members without a conflict; null for anyone else.',
  })
  async recommendationComment(@Root() a: Application, @Ctx() ctx: Context): Promise<string | null> {
    return (await readReviewsDecision(ctx, a)).allowed ? a.recommendationComment : null;
  }

  @FieldResolver(() => [ApplicationVersion], { description: 'Each submitted version, oldest first.' })
  versions(@Root() a: Application, @Ctx() ctx: Context): Promise<ApplicationVersion[]> {
    return gcLoaders.versionsByApplication(ctx).load(a.id);
  }

  @FieldResolver(() => [EligibilityCheck], { description: 'Screening records, every round.' })
  eligibilityChecks(@Root() a: Application, @Ctx() ctx: Context): Promise<EligibilityCheck[]> {
    return gcLoaders.checksByApplication(ctx).load(a.id);
  }

  @FieldResolver(() => [String], { description: 'Eligibility rules failed at the latest screening.' })
  async failedRules(@Root() a: Application, @Ctx() ctx: Context): Promise<string[]> {
    const checks = await gcLoaders.checksByApplication(ctx).load(a.id);
    const latest = Math.max(0, ...checks.map((c) => c.version));
    return checks.filter((c) => c.version === latest && !c.passed).map((c) => c.ruleKey);
  }

  @FieldResolver(() => [Review], {
    nullable: true,
    description: 'Confidential: secretariat, auditors and non-conflicted board members only (FORBIDDEN otherwise).',
  })
  async reviews(@Root() a: Application, @Ctx() ctx: Context): Promise<Review[]> {
    authorize(await readReviewsDecision(ctx, a));
    return gcLoaders.reviewsByApplication(ctx).load(a.id);
  }

  @FieldResolver(() => [BoardVote], { nullable: true, description: 'Board votes: fund staff only.' })
  async votes(@Root() a: Application, @Ctx() ctx: Context): Promise<BoardVote[]> {
    authorize(await readReviewsDecision(ctx, a));
    return gcLoaders.votesByApplication(ctx).load(a.id);
  }

  @FieldResolver(() => [ConflictDeclaration], {
    nullable: true,
    description:
      'Conflicts of interest trustees declared on the application or its organisation (the board pack): ' +
      'readers of the reviews only (FORBIDDEN otherwise).',
  })
  async conflicts(@Root() a: Application, @Ctx() ctx: Context): Promise<ConflictDeclaration[]> {
    authorize(await readReviewsDecision(ctx, a));
    return gcLoaders.conflictsByApplication(ctx).load(a.id);
  }

  @FieldResolver(() => BoardTally, { nullable: true, description: 'Votes against the fund policy: fund staff only.' })
  async boardTally(@Root() a: Application, @Ctx() ctx: Context): Promise<BoardTally> {
    authorize(await readReviewsDecision(ctx, a));
    return boardTally(ctx, a);
  }

  @FieldResolver(() => Award, { nullable: true })
  award(@Root() a: Application, @Ctx() ctx: Context): Promise<Award | null> {
    return gcLoaders.awardByApplication(ctx).load(a.id);
  }

  @UseMiddleware(checkedErrors(APPLICATION_ERRORS))
  @FieldResolver(() => [errorType(APPLICATION_ERRORS)], {
    description:
      'Every rule a submission would fail now, each with the input field it names (empty when it may be submitted, ' +
      'and for anyone who may not edit the application): the portal shows them all beside their fields.',
  })
  async submissionProblems(@Root() a: Application, @Ctx() ctx: Context): Promise<UserError[]> {
    if (!policy.canEditApplication(ctx.actor, a).allowed) return [];
    const [loadedCall, org, attached, history] = await Promise.all([
      ctx.loaders.byId(GrantCall, 'application.call').load(a.call.id),
      ctx.loaders.viewById(Organization, 'application.organization').load(a.organization.id),
      gcLoaders.attachedDocuments(ctx).load(a.id),
      gcLoaders.grantHistory(ctx).load(`${a.organization.id}|${a.fund.id}`),
    ]);
    const call = required(loadedCall, 'call');
    const now = ctx.app.clock.now();
    const problems = [
      callProblem(call, now),
      stageProblem(a, call),
      vettingProblem(required(org, 'org'), call),
      ...contentProblems(a, call),
      ...applicantProblems(a, call, history),
      documentProblem(call, attached),
    ];
    return problems.flatMap((p) => (p ? [{ code: p.code, field: p.field, message: p.message }] : []));
  }

  @FieldResolver(() => ApplicationPermissions)
  async permissions(@Root() a: Application, @Ctx() ctx: Context): Promise<ApplicationPermissions> {
    const actor = ctx.actor;
    const now = ctx.app.clock.now();
    const [call, org, fund, conflict, voted, overdue, attachedDocuments, history] = await Promise.all([
      ctx.loaders.byId(GrantCall, 'application.call').load(a.call.id),
      ctx.loaders.viewById(Organization, 'application.organization').load(a.organization.id),
      ctx.loaders.byId(Fund, 'application.fund').load(a.fund.id),
      myConflict(ctx, a),
      gcLoaders.myVotedApplications(ctx),
      gcLoaders.overdue(ctx).load(`${a.organization.id}|${a.fund.id}`),
      gcLoaders.attachedDocuments(ctx).load(a.id),
      gcLoaders.grantHistory(ctx).load(`${a.organization.id}|${a.fund.id}`),
    ]);
    const p = Permission.of;
    return Object.assign(new ApplicationPermissions(), {
      read: p(policy.canReadApplication(actor, a)),
      edit: p(policy.canEditApplication(actor, a)),
      submit: p(
        policy.canSubmitApplication(
          actor,
          a,
          {
            call: required(call, 'call'),
            org: required(org, 'org'),
            hasOverdueReport: overdue,
            attachedDocuments,
            history,
          },
          now,
        ),
      ),
      withdraw: p(policy.canWithdrawApplication(actor, a)),
      screen: p(policy.canScreenApplication(actor, a)),
      requestInfo: p(policy.canRequestInfo(actor, a)),
      review: p(policy.canReviewApplication(actor, a, required(fund, 'fund'), conflict)),
      readReviews: p(policy.canReadReviews(actor, a, conflict.conflicted)),
      recommend: p(policy.canRecommendApplication(actor, a)),
      vote: p(policy.canVoteOnApplication(actor, a, { conflicted: conflict.conflicted, hasVoted: voted.has(a.id) })),
    });
  }

  @Authorized()
  @Mutation(() => ApplicationPayload, { description: 'An NGO member starts a draft for an open call.' })
  createApplication(@Arg('input', () => CreateApplicationInput) input: CreateApplicationInput, @Ctx() ctx: Context) {
    return payload(async () => ({ application: await service.createApplication(acting(ctx), input) }));
  }

  @Authorized()
  @Mutation(() => ApplicationPayload, { description: 'Drafts, and applications in INFO_REQUESTED.' })
  updateApplication(@Arg('input', () => UpdateApplicationInput) input: UpdateApplicationInput, @Ctx() ctx: Context) {
    return payload(async () => ({ application: await service.updateApplication(acting(ctx), input) }));
  }

  @Authorized()
  @Mutation(() => ApplicationPayload, { description: 'Checks every rule and freezes the content as a new version.' })
  submitApplication(@Arg('input', () => ApplicationActionInput) input: ApplicationActionInput, @Ctx() ctx: Context) {
    return payload(async () => ({ application: await service.submitApplication(acting(ctx), input) }));
  }

  @Authorized()
  @Mutation(() => ApplicationPayload)
  withdrawApplication(@Arg('input', () => ApplicationActionInput) input: ApplicationActionInput, @Ctx() ctx: Context) {
    return payload(async () => ({ application: await service.withdrawApplication(acting(ctx), input) }));
  }

  @Authorized()
  @Mutation(() => ApplicationPayload)
  requestApplicationInfo(
    @Arg('input', () => RequestApplicationInfoInput) input: RequestApplicationInfoInput,
    @Ctx() ctx: Context,
  ) {
    return payload(async () => ({ application: await service.requestApplicationInfo(acting(ctx), input) }));
  }

  @Authorized()
  @Mutation(() => ApplicationPayload, { description: 'One check per eligibility rule: ELIGIBLE when all pass.' })
  screenApplication(@Arg('input', () => ScreenApplicationInput) input: ScreenApplicationInput, @Ctx() ctx: Context) {
    return payload(async () => ({ application: await service.screenApplication(acting(ctx), input) }));
  }
}

@Resolver(() => ApplicationVersion)
export class ApplicationVersionResolver {
  @FieldResolver(() => GraphQLJSON, {
    nullable: true,
    description: 'Fields changed since the previous version as { before, after }; null for the first.',
  })
  async changes(@Root() v: ApplicationVersion, @Ctx() ctx: Context): Promise<unknown> {
    const all = await gcLoaders.versionsByApplication(ctx).load(v.application.id);
    const prev = all.find((x) => x.version === v.version - 1);
    if (!prev) return null;
    return diff(prev.content as unknown as Record<string, unknown>, v.content as unknown as Record<string, unknown>);
  }
}
