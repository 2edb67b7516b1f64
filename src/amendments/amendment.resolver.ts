import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import { Award } from '../awards/award.entity';
import { acting, type Context } from '../graphql/context';
import { groupBy } from '../graphql/loaders';
import { payload } from '../graphql/errors';
import { formatMinor } from '../core/money';
import { Money } from '../graphql/money';
import { globalId } from '../graphql/relay';
import { Role } from '../users/user.entity';
import { AmendmentVote, AwardAmendment } from './award-amendment.entity';
import * as service from './amendment.service';
import { Permission } from '../auth/policy';
import type { Application } from '../applications/application.entity';
import { myConflict } from '../reviews/board';
import {
  AmendmentPayload,
  AmendmentPermissions,
  AmendmentVotePayload,
  AmendTrancheScheduleInput,
  CastAmendmentVoteInput,
  ScheduleChangeView,
} from './amendment.types';
import { required } from '../core/required';

const votesOf = (ctx: Context, a: AwardAmendment) =>
  ctx.loaders
    .named<string, AmendmentVote[]>('votesByAmendment', async (ids) =>
      groupBy(ids, await ctx.em.find(AmendmentVote, { amendment: { $in: [...ids] } }), (v) => v.amendment.id),
    )
    .load(a.id);

@Resolver(() => AwardAmendment)
export class AmendmentResolver {
  @Authorized(Role.SECRETARIAT)
  @Mutation(() => AmendmentPayload, {
    description: 'New amounts and dates for SCHEDULED tranches; a change of the total goes to the board.',
  })
  amendTrancheSchedule(
    @Arg('input', () => AmendTrancheScheduleInput) input: AmendTrancheScheduleInput,
    @Ctx() ctx: Context,
  ) {
    return payload(() => service.amendTrancheSchedule(acting(ctx), input));
  }

  @Authorized(Role.BOARD_MEMBER)
  @Mutation(() => AmendmentVotePayload, { description: 'Board vote on an amendment that changes an award total.' })
  castAmendmentVote(@Arg('input', () => CastAmendmentVoteInput) input: CastAmendmentVoteInput, @Ctx() ctx: Context) {
    return payload(async () => ({ amendment: await service.castAmendmentVote(acting(ctx), input) }));
  }

  @FieldResolver(() => Money)
  oldTotal(@Root() a: AwardAmendment, @Ctx() ctx: Context): Promise<Money> {
    return this.money(a, a.oldTotalMinor, ctx);
  }

  @FieldResolver(() => Money)
  newTotal(@Root() a: AwardAmendment, @Ctx() ctx: Context): Promise<Money> {
    return this.money(a, a.newTotalMinor, ctx);
  }

  @FieldResolver(() => [ScheduleChangeView])
  async changes(@Root() a: AwardAmendment, @Ctx() ctx: Context): Promise<ScheduleChangeView[]> {
    const award = await ctx.loaders.byId(Award, 'amendment.changes.award').load(a.award.id);
    return a.changes.map((c) =>
      Object.assign(new ScheduleChangeView(), {
        trancheId: globalId('Tranche', c.trancheId),
        amount: formatMinor(BigInt(c.amountMinor), required(award, 'award').currency),
        plannedDate: c.plannedDate,
      }),
    );
  }

  @FieldResolver(() => Int, { description: 'Approvals cast so far.' })
  async approvals(@Root() a: AwardAmendment, @Ctx() ctx: Context): Promise<number> {
    const votes = await votesOf(ctx, a);
    return votes.filter((v) => v.choice === service.VoteChoice.APPROVE).length;
  }

  @FieldResolver(() => AmendmentPermissions)
  async permissions(@Root() a: AwardAmendment, @Ctx() ctx: Context): Promise<AmendmentPermissions> {
    const award = required(await ctx.loaders.byId(Award, 'amendment.award').load(a.award.id), 'award');
    const [votes, conflict] = await Promise.all([votesOf(ctx, a), myConflict(ctx, award.application as Application)]);
    const vote = service.canVoteOnAmendment(ctx.actor, a, award, {
      conflicted: conflict.conflicted,
      hasVoted: votes.some((v) => v.voter.id === ctx.actor?.userId),
    });
    return Object.assign(new AmendmentPermissions(), { vote: Permission.of(vote) });
  }

  private async money(a: AwardAmendment, minor: bigint, ctx: Context): Promise<Money> {
    const award = await ctx.loaders.byId(Award, 'amendment.award').load(a.award.id);
    return Money.of(minor, required(award, 'award').currency);
  }
}
