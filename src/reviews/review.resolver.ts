import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Application } from '../applications/application.entity';
import { acting, type Context } from '../graphql/context';
import { payload } from '../graphql/errors';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { BoardVote, ConflictDeclaration, Review } from './review.entity';
import * as reviews from './review.service';
import * as votes from './vote.service';
import {
  BoardVotePayload,
  CastBoardVoteInput,
  ConfirmNoConflictInput,
  ConflictDeclarationPayload,
  DeclareConflictInput,
  RecommendApplicationInput,
  ReviewPayload,
  SubmitReviewInput,
} from './review.types';
import { ApplicationPayload } from '../applications/application.types';
import { required } from '../core/required';

@Resolver(() => Review)
export class ReviewResolver {
  @FieldResolver(() => User)
  async reviewer(@Root() r: Review, @Ctx() ctx: Context): Promise<User> {
    return required(await ctx.loaders.byId(User, 'review.reviewer').load(r.reviewer.id), 'User');
  }

  @FieldResolver(() => Application)
  async application(@Root() r: Review, @Ctx() ctx: Context): Promise<Application> {
    return required(await ctx.loaders.byId(Application, 'review.application').load(r.application.id), 'Application');
  }

  @Authorized()
  @Mutation(() => ConflictDeclarationPayload, { description: 'A board member declares a conflict of interest.' })
  declareConflict(@Arg('input', () => DeclareConflictInput) input: DeclareConflictInput, @Ctx() ctx: Context) {
    return payload(async () => ({ conflictDeclaration: await reviews.declareConflict(acting(ctx), input) }));
  }

  @Authorized()
  @Mutation(() => ConflictDeclarationPayload, { description: 'Needed before scoring an application.' })
  confirmNoConflict(@Arg('input', () => ConfirmNoConflictInput) input: ConfirmNoConflictInput, @Ctx() ctx: Context) {
    return payload(async () => ({ conflictDeclaration: await reviews.confirmNoConflict(acting(ctx), input) }));
  }

  @Authorized()
  @Mutation(() => ReviewPayload, { description: 'Scores per rubric criterion; editable until the recommendation.' })
  submitReview(@Arg('input', () => SubmitReviewInput) input: SubmitReviewInput, @Ctx() ctx: Context) {
    return payload(() => reviews.submitReview(acting(ctx), input));
  }

  @Authorized()
  @Mutation(() => ApplicationPayload)
  recommendApplication(
    @Arg('input', () => RecommendApplicationInput) input: RecommendApplicationInput,
    @Ctx() ctx: Context,
  ) {
    return payload(async () => ({ application: await reviews.recommendApplication(acting(ctx), input) }));
  }

  @Authorized()
  @Mutation(() => BoardVotePayload, {
    description:
      'APPROVE, REJECT or ABSTAIN. The deciding vote approves (making the award and booking the commitment) or rejects; ' +
      'if the award cannot be made (INSUFFICIENT_FUNDS, OVER_ENVELOPE, OVERDUE_REPORT) the vote is not recorded.',
  })
  castBoardVote(@Arg('input', () => CastBoardVoteInput) input: CastBoardVoteInput, @Ctx() ctx: Context) {
    return payload(() => votes.castBoardVote(acting(ctx), input));
  }
}

@Resolver(() => BoardVote)
export class BoardVoteResolver {
  @FieldResolver(() => User)
  async voter(@Root() v: BoardVote, @Ctx() ctx: Context): Promise<User> {
    return required(await ctx.loaders.byId(User, 'review.voter').load(v.voter.id), 'User');
  }
}

@Resolver(() => ConflictDeclaration)
export class ConflictDeclarationResolver {
  @FieldResolver(() => User)
  async member(@Root() d: ConflictDeclaration, @Ctx() ctx: Context): Promise<User> {
    return required(await ctx.loaders.byId(User, 'review.member').load(d.member.id), 'User');
  }

  @FieldResolver(() => Application, { nullable: true })
  async application(@Root() d: ConflictDeclaration, @Ctx() ctx: Context): Promise<Application | null> {
    return d.application ? ctx.loaders.byId(Application, 'review.application').load(d.application.id) : null;
  }

  @FieldResolver(() => Organization, { nullable: true })
  async organization(@Root() d: ConflictDeclaration, @Ctx() ctx: Context): Promise<Organization | null> {
    return d.organization ? ctx.loaders.byId(Organization, 'review.organization').load(d.organization.id) : null;
  }
}
