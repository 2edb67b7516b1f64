import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { ArrayMaxSize, IsInt, IsOptional, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { PayloadErrors, type UserError } from '../graphql/errors';
import { REVIEW_ERRORS } from './review.errors';
import { Application } from '../applications/application.entity';
import { BoardVote, ConflictDeclaration, MAX_SCORE, Review, VoteChoice } from './review.entity';
import { DECIMAL_AMOUNT } from '../core/money';
import { MultiLine } from '../graphql/input-guard';

@InputType()
export class DeclareConflictInput {
  @Field(() => String, { nullable: true, description: 'The application concerned (or give organizationId).' })
  @IsOptional()
  applicationId?: string;
  @Field(() => String, { nullable: true, description: 'An organisation: covers all its applications.' })
  @IsOptional()
  organizationId?: string;
  @Field(() => String, { nullable: true, description: 'Needed with organizationId: the fund whose board you sit on.' })
  @IsOptional()
  fundId?: string;
  @MultiLine()
  @Field(() => String, { description: 'Nature of the conflict.' })
  @Length(3, 2000)
  nature!: string;
}

@InputType()
export class ConfirmNoConflictInput {
  @Field(() => String) applicationId!: string;
  @MultiLine()
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 2000)
  statement?: string;
}

@InputType()
export class CriterionScoreInput {
  @Field(() => String) @Length(1, 64) criterion!: string;
  @Field(() => Int, { description: `0..${MAX_SCORE}` }) @IsInt() @Min(0) @Max(MAX_SCORE) score!: number;
}

@InputType()
export class SubmitReviewInput {
  @Field(() => String) applicationId!: string;
  @Field(() => [CriterionScoreInput], { description: 'One score per rubric criterion of the call.' })
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  scores!: CriterionScoreInput[];
  @MultiLine()
  @Field(() => String)
  @Length(0, 10000)
  comment!: string;
}

@InputType()
export class RecommendApplicationInput {
  @Field(() => String) applicationId!: string;
  @Field(() => Boolean, { description: 'true: RECOMMENDED, false: NOT_RECOMMENDED.' }) recommend!: boolean;
  @Field(() => String, { nullable: true, description: 'Decimal; required when recommending. ≤ requested.' })
  @IsOptional()
  @Matches(DECIMAL_AMOUNT)
  proposedAmount?: string;
  @MultiLine()
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 5000)
  comment?: string;
}

@InputType()
export class CastBoardVoteInput {
  @Field(() => String) applicationId!: string;
  @Field(() => VoteChoice) choice!: VoteChoice;
  @MultiLine()
  @Field(() => String)
  @Length(1, 5000)
  reason!: string;
}

@ObjectType()
export class ConflictDeclarationPayload {
  @Field(() => ConflictDeclaration, { nullable: true }) conflictDeclaration?: ConflictDeclaration | null;
  @PayloadErrors(REVIEW_ERRORS) errors!: UserError[];
}

@ObjectType()
export class ReviewPayload {
  @Field(() => Review, { nullable: true }) review?: Review | null;
  @Field(() => Application, { nullable: true }) application?: Application | null;
  @PayloadErrors(REVIEW_ERRORS) errors!: UserError[];
}

@ObjectType()
export class BoardVotePayload {
  @Field(() => BoardVote, { nullable: true }) vote?: BoardVote | null;
  @Field(() => Application, { nullable: true }) application?: Application | null;
  @PayloadErrors(REVIEW_ERRORS) errors!: UserError[];
}
