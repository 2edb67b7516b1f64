import { REQUIREMENT_NAME } from '../documents/document-slots';
import { Permission } from '../auth/policy';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import {
  ArrayMaxSize,
  IsInt,
  IsISO31661Alpha2,
  IsOptional,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { PayloadErrors, type UserError } from '../graphql/errors';
import { GRANT_CALL_ERRORS } from './grant-call.errors';
import { GrantCall } from './grant-call.entity';
import { DECIMAL_AMOUNT } from '../core/money';
import { MultiLine } from '../graphql/input-guard';
import { Money } from '../graphql/money';

const KEY = /^[a-z][a-z0-9_]{0,63}$/;

@ObjectType('RubricCriterion')
@InputType('RubricCriterionInput')
export class RubricCriterionIO {
  @Field(() => String, { description: 'Stable key, snake_case.' }) @Matches(KEY) key!: string;
  @Field(() => String) @Length(1, 300) label!: string;
  @Field(() => Int, { description: 'Percent; the weights of a rubric sum to 100.' })
  @IsInt()
  @Min(1)
  @Max(100)
  weight!: number;
}

@ObjectType('EligibilityRule')
@InputType('EligibilityRuleInput')
export class EligibilityRuleIO {
  @Field(() => String) @Matches(KEY) key!: string;
  @Field(() => String) @Length(1, 500) label!: string;
}

@ObjectType({ description: 'An applicant category of a call, with its own maximum award.' })
export class CallCategory {
  @Field(() => String) key!: string;
  @Field(() => String) label!: string;
  @Field(() => Money) maxAward!: Money;
  @Field(() => Boolean, { description: 'Only organisations never awarded by this fund may apply in it.' })
  firstGrantOnly!: boolean;
}

@InputType()
export class CallCategoryInput {
  @Field(() => String) @Matches(KEY) key!: string;
  @Field(() => String) @Length(1, 300) label!: string;
  @Field(() => String, { description: 'Maximum award in this category, decimal.' })
  @Matches(DECIMAL_AMOUNT)
  maxAward!: string;
  @Field(() => Boolean, { nullable: true, description: 'Only organisations never awarded by this fund.' })
  @IsOptional()
  firstGrantOnly?: boolean;
}

@InputType()
export class GrantCallFieldsInput {
  @Field(() => String, { nullable: true }) @IsOptional() @Length(3, 300) title?: string;
  @MultiLine() @Field(() => String, { nullable: true }) @IsOptional() @Length(0, 20000) description?: string;
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(50) themes?: string[];
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(250)
  @IsISO31661Alpha2({ each: true })
  eligibleCountries?: string[];
  @Field(() => [String], {
    nullable: true,
    description: 'Required documents: PROPOSAL, BUDGET, or names of the call (A-Z, 0-9, _).',
  })
  @IsOptional()
  @ArrayMaxSize(20)
  @Matches(REQUIREMENT_NAME, { each: true })
  requiredDocuments?: string[];
  @Field(() => String, { nullable: true, description: 'Decimal, fund base currency.' })
  @IsOptional()
  @Matches(DECIMAL_AMOUNT)
  minAward?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(DECIMAL_AMOUNT) maxAward?: string;
  @Field(() => String, { nullable: true, description: 'Money the fund intends to award in this call.' })
  @IsOptional()
  @Matches(DECIMAL_AMOUNT)
  envelope?: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(120) maxDurationMonths?: number;
  @Field(() => Date, { nullable: true }) @IsOptional() opensAt?: Date;
  @Field(() => Date, { nullable: true }) @IsOptional() closesAt?: Date;
  @Field(() => [RubricCriterionIO], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  rubric?: RubricCriterionIO[];
  @Field(() => [EligibilityRuleIO], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  eligibilityRules?: EligibilityRuleIO[];
  @Field(() => Boolean, { nullable: true }) @IsOptional() allowPendingVetting?: boolean;
  @Field(() => Date, {
    nullable: true,
    description: 'Makes the call two-stage: the concept-note deadline, between opensAt and closesAt.',
  })
  @IsOptional()
  conceptClosesAt?: Date;
  @Field(() => Int, { nullable: true, description: "A concept note's summary length, in characters (default 3000)." })
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(20000)
  conceptMaxChars?: number;
  @Field(() => [CallCategoryInput], { nullable: true, description: 'Applicant categories with their own caps.' })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  categories?: CallCategoryInput[];
  @Field(() => Int, {
    nullable: true,
    description: "Cost share: request at most these basis points of the project's budget.",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  costShareMaxBps?: number;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Organisations with an active award of the fund may not apply.',
  })
  @IsOptional()
  excludeCurrentGrantees?: boolean;
}

@InputType()
export class CreateGrantCallInput extends GrantCallFieldsInput {
  @Field(() => String) fundId!: string;
  @Field(() => String) @Length(3, 300) declare title: string;
  @Field(() => String) @Matches(DECIMAL_AMOUNT) declare minAward: string;
  @Field(() => String) @Matches(DECIMAL_AMOUNT) declare maxAward: string;
  @Field(() => String) @Matches(DECIMAL_AMOUNT) declare envelope: string;
  @Field(() => Int) @IsInt() @Min(1) @Max(120) declare maxDurationMonths: number;
  @Field(() => Date) declare opensAt: Date;
  @Field(() => Date) declare closesAt: Date;
}

@InputType({ description: 'Once a call is open only title, description and a later closing time may change.' })
export class UpdateGrantCallInput extends GrantCallFieldsInput {
  @Field(() => String) callId!: string;
}

@InputType()
export class GrantCallTransitionInput {
  @Field(() => String) callId!: string;
  @MultiLine() @Field(() => String, { nullable: true }) @IsOptional() @Length(0, 2000) reason?: string;
}

@ObjectType()
export class GrantCallPayload {
  @Field(() => GrantCall, { nullable: true }) grantCall?: GrantCall | null;
  @PayloadErrors(GRANT_CALL_ERRORS) errors!: UserError[];
}

@ObjectType({ description: 'What the caller may do with this call now (the same rules the mutations apply).' })
export class GrantCallPermissions {
  @Field(() => Permission) update!: Permission;
  @Field(() => Permission) open!: Permission;
  @Field(() => Permission) close!: Permission;
  @Field(() => Permission) startReview!: Permission;
  @Field(() => Permission) markDecided!: Permission;
  @Field(() => Permission) cancel!: Permission;
}
