import { Permission } from '../auth/policy';
import { IsOptional, Length, Matches } from 'class-validator';
import { Field, InputType, ObjectType } from 'type-graphql';
import { Report } from './report.entity';
import { Money } from '../graphql/money';
import { PayloadErrors, type UserError } from '../graphql/errors';
import { REPORT_ERRORS } from './report.errors';
import { BeneficiariesInput } from './beneficiaries';
import { ReportSubmission } from './report-submission.entity';
import { MultiLine } from '../graphql/input-guard';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

@InputType()
export class SpendingLineInput {
  @Field(() => String, { description: 'A budget line category of the application.' }) @Length(1, 200) category!: string;
  @Field(() => String, { description: 'Decimal string in the award currency.' }) amount!: string;
}

@InputType()
export class SubmitReportInput {
  @Field(() => String) reportId!: string;
  @Field(() => String, { description: 'YYYY-MM-DD' }) @Matches(DATE) periodFrom!: string;
  @Field(() => String, { description: 'YYYY-MM-DD' }) @Matches(DATE) periodTo!: string;
  @MultiLine() @Field(() => String) @Length(1, 20000) narrative!: string;
  @Field(() => [SpendingLineInput], {
    description: 'Amount spent by budget line (cumulative to the end of the period).',
  })
  spending!: SpendingLineInput[];
  @Field(() => BeneficiariesInput) beneficiaries!: BeneficiariesInput;
}

@InputType()
export class AcceptReportInput {
  @Field(() => String) reportId!: string;
  @MultiLine() @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 5000) comment?: string;
}

@InputType()
export class RequestReportRevisionInput {
  @Field(() => String) reportId!: string;
  @MultiLine()
  @Field(() => String, { description: 'What the grantee must change.' })
  @Length(3, 5000)
  comments!: string;
}

@InputType()
export class WaiveReportInput {
  @Field(() => String) reportId!: string;
  @Field(() => String, { description: 'The decision and its reason (e.g. minutes reference and why).' })
  @Length(3, 2000)
  reason!: string;
}

@ObjectType()
export class SpendingLine {
  @Field(() => String) category!: string;
  @Field(() => Money) amount!: Money;
}

@ObjectType()
export class ReportPayload {
  @Field(() => Report, { nullable: true }) report?: Report | null;
  @Field(() => ReportSubmission, { nullable: true }) submission?: ReportSubmission | null;
  @PayloadErrors(REPORT_ERRORS) errors!: UserError[];
}

@ObjectType({ description: 'What the caller may do with this report now (the same rules the mutations apply).' })
export class ReportPermissions {
  @Field(() => Permission) submit!: Permission;
  @Field(() => Permission) accept!: Permission;
  @Field(() => Permission) requestRevision!: Permission;
  @Field(() => Permission) waive!: Permission;
}
