import { Permission } from '../auth/policy';
import { Role } from '../users/user.entity';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { ArrayMaxSize, ArrayMinSize, IsInt, IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { PayloadErrors, type UserError } from '../graphql/errors';
import { FUND_ERRORS } from './fund.errors';
import { Fund } from './fund.entity';
import { DECIMAL_AMOUNT } from '../core/money';
import { StepUpAction } from '../auth/step-up-action';

@InputType({ description: "The fund's bank account for donors' wires: an IBAN, or an account number with SWIFT/BIC." })
export class ReceivingAccountInput {
  @Field(() => String) @Length(2, 200) accountHolder!: string;
  @Field(() => String) @Length(2, 200) bankName!: string;
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2; default: the IBAN’s country.' })
  @IsOptional()
  @Matches(/^[A-Za-z]{2}$/)
  bankCountry?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 42) iban?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 40) accountNumber?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 14) swift?: string;
}

@InputType()
export class FundPolicyInput {
  @Field(() => ReceivingAccountInput, {
    nullable: true,
    description: "The fund's bank account for donors' wires (shown to donors with their pledge's reference).",
  })
  @IsOptional()
  receivingAccount?: ReceivingAccountInput;

  @Field(() => Int, { nullable: true, description: 'Basis points, 0..10000 (1300 = 13 %).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  supportCostRateBps?: number;

  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(50) minApprovals?: number;

  @Field(() => String, {
    nullable: true,
    description:
      'Awards at or above this amount (decimal, base currency) need every non-conflicted board member. Empty string clears it.',
  })
  @IsOptional()
  @Matches(/^(\d{1,15}(\.\d+)?)?$/)
  unanimityThreshold?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Awards at or above this amount (decimal) need an external audit report.',
  })
  @IsOptional()
  @Matches(DECIMAL_AMOUNT)
  auditThreshold?: string;

  @Field(() => [StepUpAction], {
    nullable: true,
    description: 'Actions that need a recent second factor (step-up); an empty list guards none.',
  })
  @IsOptional()
  @ArrayMaxSize(20)
  stepUpActions?: StepUpAction[];

  @Field(() => [Int], { nullable: true, description: 'Default tranche split in percent; must sum to 100.' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(12)
  @IsInt({ each: true })
  @Min(1, { each: true })
  trancheWeights?: number[];

  @Field(() => Boolean, { nullable: true }) @IsOptional() secretariatMayReview?: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the requester of a tranche is barred from recording its payment (default true).',
  })
  @IsOptional()
  paymentSeparationOfDuties?: boolean;

  @Field(() => Int, {
    nullable: true,
    description:
      "Tolerance of a wire's rate against the month's stored rate, basis points 0..5000 (default 200 = 2 %).",
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(5000)
  fxToleranceBps?: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Days a grantee has to accept a new award, 1..365; 0 turns acceptance off.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  awardAcceptanceDays?: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Days after a tranche payment by which the grantee acknowledges its receipt, 1..90 (default 14).',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90)
  receiptAcknowledgementDays?: number;

  @Field(() => [Role], {
    nullable: true,
    description: 'Roles that may approve a requested tranche (SECRETARIAT, ADMIN); the requester never can.',
  })
  @IsOptional()
  @ArrayMinSize(1)
  trancheApproverRoles?: Role[];
}

@InputType()
export class CreateFundInput extends FundPolicyInput {
  @Field(() => String) @Matches(/^[A-Z][A-Z0-9_-]{1,31}$/) code!: string;
  @Field(() => String) @Length(2, 300) name!: string;
  @Field(() => String) @Matches(/^[A-Za-z]{3}$/) baseCurrency!: string;
}

@InputType()
export class UpdateFundPolicyInput extends FundPolicyInput {
  @Field(() => String) fundId!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(2, 300) name?: string;
}

@ObjectType()
export class FundPayload {
  @Field(() => Fund, { nullable: true }) fund?: Fund | null;
  @PayloadErrors(FUND_ERRORS) errors!: UserError[];
}

@ObjectType({ description: 'What the caller may do with this fund now (the rules the mutations apply).' })
export class FundPermissions {
  @Field(() => Permission) updatePolicy!: Permission;
}
