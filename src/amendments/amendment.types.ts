import { Permission } from '../auth/policy';
import { Length, Matches } from 'class-validator';
import { Field, InputType, ObjectType } from 'type-graphql';
import { Award } from '../awards/award.entity';
import { PayloadErrors, type UserError } from '../graphql/errors';
import { AMENDMENT_ERRORS } from './amendment.errors';
import { VoteChoice } from '../reviews/review.entity';
import { AwardAmendment } from './award-amendment.entity';
import { MultiLine } from '../graphql/input-guard';

@InputType()
export class TrancheChangeInput {
  @Field(() => String) trancheId!: string;
  @Field(() => String, { description: 'Decimal string in the award currency.' }) amount!: string;
  @Field(() => String, { description: 'YYYY-MM-DD' }) @Matches(/^\d{4}-\d{2}-\d{2}$/) plannedDate!: string;
}

@InputType()
export class AmendTrancheScheduleInput {
  @Field(() => String) awardId!: string;
  @Field(() => [TrancheChangeInput], { description: 'New amounts and dates of SCHEDULED tranches.' })
  tranches!: TrancheChangeInput[];
  @MultiLine() @Field(() => String) @Length(3, 2000) reason!: string;
}

@InputType()
export class CastAmendmentVoteInput {
  @Field(() => String) amendmentId!: string;
  @Field(() => VoteChoice) choice!: VoteChoice;
  @MultiLine() @Field(() => String) @Length(3, 2000) reason!: string;
}

@ObjectType()
export class AmendmentPayload {
  @Field(() => Award, { nullable: true }) award?: Award | null;
  @Field(() => AwardAmendment, {
    nullable: true,
    description: 'Set when the total changes: the amendment waits for the board.',
  })
  amendment?: AwardAmendment | null;
  @PayloadErrors(AMENDMENT_ERRORS) errors!: UserError[];
}

@ObjectType()
export class AmendmentVotePayload {
  @Field(() => AwardAmendment, { nullable: true }) amendment?: AwardAmendment | null;
  @PayloadErrors(AMENDMENT_ERRORS) errors!: UserError[];
}

@ObjectType()
export class ScheduleChangeView {
  @Field(() => String, { description: 'Global id of the tranche.' }) trancheId!: string;
  @Field(() => String, { description: 'Decimal amount.' }) amount!: string;
  @Field(() => String) plannedDate!: string;
}

@ObjectType({ description: 'What the caller may do with this amendment now (the same rules the mutation applies).' })
export class AmendmentPermissions {
  @Field(() => Permission) vote!: Permission;
}
