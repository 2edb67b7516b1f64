import { Field, Int, ObjectType } from 'type-graphql';
import type { Application } from '../applications/application.entity';
import { gcLoaders } from '../applications/application.loaders';
import type { Context } from '../graphql/context';
import { Fund } from '../funds/fund.entity';
import { decide } from './decision';
import { boardOf } from './board';
import { VoteChoice } from './review.entity';
import { required } from '../core/required';

@ObjectType({ description: "Where the board's decision on an application stands under the fund's policy." })
export class BoardTally {
  @Field(() => Int) seated!: number;
  @Field(() => Int, { description: 'Seated members without a conflict.' }) eligible!: number;
  @Field(() => Int) approvals!: number;
  @Field(() => Int) rejections!: number;
  @Field(() => Int) abstentions!: number;
  @Field(() => Int, { description: 'Approvals needed.' }) required!: number;
  @Field(() => Boolean, { description: 'The amount is at or above the unanimity threshold.' }) unanimity!: boolean;
  @Field(() => String, { description: 'PENDING, APPROVED or REJECTED.' }) outcome!: string;
}

export async function boardTally(ctx: Context, app: Application): Promise<BoardTally> {
  const [fund, { seated, conflicted }, votes] = await Promise.all([
    ctx.loaders.byId(Fund, 'tally.fund').load(app.fund.id),
    boardOf(ctx, app),
    gcLoaders.votesByApplication(ctx).load(app.id),
  ]);
  const counted = votes.filter((v) => seated.includes(v.voter.id) && !conflicted.has(v.voter.id));
  const count = (c: VoteChoice) => counted.filter((v) => v.choice === c).length;
  const d = decide(required(fund, 'fund'), {
    seated,
    conflicted,
    votes: votes.map((v) => ({ voterId: v.voter.id, choice: v.choice })),
    amountMinor: app.proposedMinor ?? app.requestedMinor,
  });
  return Object.assign(new BoardTally(), {
    seated: seated.length,
    eligible: d.eligible,
    approvals: d.approvals,
    rejections: count(VoteChoice.REJECT),
    abstentions: count(VoteChoice.ABSTAIN),
    required: d.required,
    unanimity: d.unanimity,
    outcome: d.outcome,
  });
}
