import { EXPLOITATION } from '../reports/beneficiaries';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
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
import { APPLICATION_ERRORS } from './application.errors';
import { Permission } from '../auth/policy';
import { Application } from './application.entity';
import { DECIMAL_AMOUNT } from '../core/money';
import { MultiLine } from '../graphql/input-guard';

export const SEXES = ['FEMALE', 'MALE', 'OTHER'];
export const AGE_GROUPS = ['CHILD', 'ADULT'];
/** The reports' forms of exploitation (src/reports/beneficiaries.ts). */
export const EXPLOITATION_FORMS: readonly string[] = EXPLOITATION;

@InputType()
export class BudgetLineInput {
  @Field(() => String) @Length(1, 100) category!: string;
  @MultiLine() @Field(() => String) @Length(0, 1000) description!: string;
  @Field(() => String, { description: 'Decimal in the call currency.' }) @Matches(DECIMAL_AMOUNT) amount!: string;
}

@InputType()
export class BeneficiaryTargetInput {
  @Field(() => String, { description: 'FEMALE, MALE or OTHER.' }) @IsIn(SEXES) sex!: string;
  @Field(() => String, { description: 'CHILD or ADULT.' }) @IsIn(AGE_GROUPS) ageGroup!: string;
  @Field(() => String, { nullable: true, description: 'Form of exploitation (GA resolution 67/190).' })
  @IsOptional()
  @IsIn(EXPLOITATION_FORMS)
  exploitation?: string;
  @Field(() => Int) @IsInt() @Min(0) @Max(10_000_000) count!: number;
}

@InputType()
export class ApplicationContentInput {
  @Field(() => String, { nullable: true }) @IsOptional() @Length(3, 300) projectTitle?: string;
  @MultiLine() @Field(() => String, { nullable: true }) @IsOptional() @Length(0, 20000) summary?: string;
  @Field(() => String, { nullable: true, description: 'Decimal in the call currency.' })
  @IsOptional()
  @Matches(DECIMAL_AMOUNT)
  requestedAmount?: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(240) durationMonths?: number;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  startDate?: string;
  @Field(() => [BudgetLineInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  budgetLines?: BudgetLineInput[];
  @Field(() => [BeneficiaryTargetInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  targetBeneficiaries?: BeneficiaryTargetInput[];
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(250)
  @IsISO31661Alpha2({ each: true })
  countries?: string[];
  @Field(() => String, { nullable: true, description: "One of the call's category keys, when it has categories." })
  @IsOptional()
  @Length(1, 64)
  category?: string;
  @Field(() => String, {
    nullable: true,
    description: "The project's total budget, other funding included (decimal; the call's cost-share rule).",
  })
  @IsOptional()
  @Matches(DECIMAL_AMOUNT)
  projectBudget?: string;
}

@InputType()
export class CreateApplicationInput extends ApplicationContentInput {
  @Field(() => String) callId!: string;
  @Field(() => String, { nullable: true, description: "Defaults to the caller's NGO when it has exactly one." })
  @IsOptional()
  organizationId?: string;
  @Field(() => String) @Length(3, 300) declare projectTitle: string;
}

@InputType()
export class UpdateApplicationInput extends ApplicationContentInput {
  @Field(() => String) applicationId!: string;
}

@InputType()
export class ApplicationActionInput {
  @Field(() => String) applicationId!: string;
  @MultiLine() @Field(() => String, { nullable: true }) @IsOptional() @Length(0, 5000) reason?: string;
}

@InputType()
export class RequestApplicationInfoInput {
  @Field(() => String) applicationId!: string;
  @MultiLine()
  @Field(() => String, { description: 'What the applicant must add or correct.' })
  @Length(3, 5000)
  message!: string;
}

@InputType()
export class EligibilityCheckInput {
  @Field(() => String) @Length(1, 100) ruleKey!: string;
  @Field(() => Boolean) passed!: boolean;
  @MultiLine() @Field(() => String, { nullable: true }) @IsOptional() @Length(0, 5000) comment?: string;
}

@InputType()
export class ScreenApplicationInput {
  @Field(() => String) applicationId!: string;
  @Field(() => [EligibilityCheckInput], { description: 'One per eligibility rule of the call.' })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  checks!: EligibilityCheckInput[];
}

@InputType()
export class DeclineApplicationsInput {
  @Field(() => [String], { description: 'Up to 100 applications, each named once.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  applicationIds!: string[];
  @MultiLine()
  @Field(() => String, { description: "The secretariat's reason, kept on file with each decision." })
  @Length(3, 5000)
  reason!: string;
  @MultiLine()
  @Field(() => String, { description: 'The message each applicant receives.' })
  @Length(3, 5000)
  message!: string;
}

@ObjectType()
export class ApplicationsPayload {
  @Field(() => [Application], { nullable: true }) applications?: Application[] | null;
  @PayloadErrors(APPLICATION_ERRORS) errors!: UserError[];
}

@ObjectType()
export class ApplicationPayload {
  @Field(() => Application, { nullable: true }) application?: Application | null;
  @PayloadErrors(APPLICATION_ERRORS) errors!: UserError[];
}

@ObjectType({ description: 'What the caller may do with this application now, and why not.' })
export class ApplicationPermissions {
  @Field(() => Permission) read!: Permission;
  @Field(() => Permission) edit!: Permission;
  @Field(() => Permission) submit!: Permission;
  @Field(() => Permission) withdraw!: Permission;
  @Field(() => Permission) screen!: Permission;
  @Field(() => Permission) requestInfo!: Permission;
  @Field(() => Permission) review!: Permission;
  @Field(() => Permission) readReviews!: Permission;
  @Field(() => Permission) recommend!: Permission;
  @Field(() => Permission) vote!: Permission;
}
