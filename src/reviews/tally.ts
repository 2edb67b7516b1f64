import { Field, Int, ObjectType } from 'type-graphql';
import type { Application } from '../applications/application.entity';
import { gcLoaders } from '../applications/application.loaders';
import type { Context } from '../graphql/context';
import { Fund } from '../funds/fund.entity';
import { Membership } from '../users/user.entity';
import { decide } from './decision';
import { seatedBoards } from './seated-board';
import { ConflictDeclaration, VoteChoice } from './review.entity';

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

const seatedByFund = (ctx: Context) =>
  ctx.loaders.named<string, string[]>('seatedByFund', (fundIds) => seatedBoards(ctx.em, fundIds));

/** Conflicted users per application: two statements for any number of applications. */
const conflictedByApplication = (ctx: Context) =>
  ctx.loaders.named<Application, Set<string>>('conflictedByApplication', async (apps) => {
    const orgIds = [...new Set(apps.map((a) => a.organization.id))];
    const [decls, members] = await Promise.all([
      ctx.em.find(ConflictDeclaration, {
        hasConflict: true,
        $or: [{ application: { $in: apps.map((a) => a.id) } }, { organization: { $in: orgIds } }],
      }),
      ctx.em.find(Membership, { organization: { $in: orgIds } }),
    ]);
    return apps.map(
      (a) =>
        new Set([
          ...decls
            .filter((d) => d.application?.id === a.id || d.organization?.id === a.organization.id)
            .map((d) => d.member.id),
          ...members.filter((m) => m.organization.id === a.organization.id).map((m) => m.user.id),
        ]),
    );
  });

export async function boardTally(ctx: Context, app: Application): Promise<BoardTally> {
  const [fund, seated, conflicted, votes] = await Promise.all([
    ctx.loaders.byId(Fund, 'tally.fund').load(app.fund.id),
    seatedByFund(ctx).load(app.fund.id),
    conflictedByApplication(ctx).load(app),
    gcLoaders.votesByApplication(ctx).load(app.id),
  ]);
  const counted = votes.filter((v) => seated.includes(v.voter.id) && !conflicted.has(v.voter.id));
  const count = (c: VoteChoice) => counted.filter((v) => v.choice === c).length;
  const d = decide(fund!, {
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
