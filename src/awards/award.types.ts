import { Permission } from '../auth/policy';
import { Length, Matches } from 'class-validator';
import { Field, InputType, ObjectType } from 'type-graphql';
import { Award, AwardStatus } from './award.entity';
import { PayloadErrors, type UserError } from '../graphql/errors';
import { AWARD_ERRORS } from './award.errors';
import { MultiLine } from '../graphql/input-guard';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

@InputType()
export class AwardFilter {
  @Field(() => String, { nullable: true }) fundId?: string;
  @Field(() => String, { nullable: true }) callId?: string;
  @Field(() => String, { nullable: true }) organizationId?: string;
  @Field(() => AwardStatus, { nullable: true }) status?: AwardStatus;
  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only awards with an amendment waiting for the board; false: only those without.',
  })
  pendingAmendment?: boolean;
}

@InputType()
export class TerminateAwardInput {
  @Field(() => String) awardId!: string;
  @Field(() => String, { description: "Reference of the board's decision (minutes, resolution)." })
  @Length(3, 300)
  boardDecisionReference!: string;
  @MultiLine() @Field(() => String) @Length(3, 2000) reason!: string;
}

@InputType()
export class RecordGrantRefundInput {
  @Field(() => String) awardId!: string;
  @Field(() => String, { description: 'Decimal string.' }) amount!: string;
  @Field(() => String) currency!: string;
  @Field(() => String) @Length(1, 200) reference!: string;
  @Field(() => String, { description: 'Value date, YYYY-MM-DD.' }) @Matches(DATE) valueDate!: string;
}

@InputType()
export class AcceptAwardInput {
  @Field(() => String) awardId!: string;
}

@InputType()
export class DeclineAwardInput {
  @Field(() => String) awardId!: string;
  @MultiLine() @Field(() => String) @Length(3, 2000) reason!: string;
}

@ObjectType()
export class AwardPayload {
  @Field(() => Award, { nullable: true }) award?: Award | null;
  @PayloadErrors(AWARD_ERRORS) errors!: UserError[];
}

@ObjectType({ description: 'What the caller may do with this award now (the same rules the mutations apply).' })
export class AwardPermissions {
  @Field(() => Permission) terminate!: Permission;
  @Field(() => Permission) amendSchedule!: Permission;
  @Field(() => Permission) recordRefund!: Permission;
  @Field(() => Permission, { description: 'acceptAward / declineAward: the grantee answers the award.' })
  answer!: Permission;
}
