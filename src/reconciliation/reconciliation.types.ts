import { IsOptional, Length, MaxLength } from 'class-validator';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { Contribution } from '../contributions/contribution.entity';
import { PayloadErrors, type UserError } from '../graphql/errors';
import { RECONCILIATION_ERRORS } from './reconciliation.errors';
import { MultiLine } from '../graphql/input-guard';
import { BankLineStatus, BankStatement, BankStatementLine } from './bank-statement.entity';
import { StatementFormat } from './statement-parsers';

/** A statement file as text; 2 MB holds thousands of lines. */
export const MAX_STATEMENT_CHARS = 2_000_000;

@InputType()
export class ImportBankStatementInput {
  @Field(() => String) fundId!: string;
  @Field(() => StatementFormat) format!: StatementFormat;
  @MultiLine()
  @Field(() => String, { description: 'The statement file as text (camt.053 XML or MT940).' })
  @Length(1, MAX_STATEMENT_CHARS)
  content!: string;
}

@InputType()
export class ConfirmBankStatementLineInput {
  @Field(() => String) lineId!: string;
  @Field(() => String, { nullable: true, description: 'The pledge the credit pays; default: the proposed one.' })
  @IsOptional()
  pledgeId?: string;
  @Field(() => String, {
    nullable: true,
    description: 'For a credit that pays no pledge: the donor organisation it came from.',
  })
  @IsOptional()
  donorOrganizationId?: string;
  @Field(() => String, {
    nullable: true,
    description: "Rate to the base currency, as for recordWireContribution; default: the month's stored rate.",
  })
  @IsOptional()
  exchangeRate?: string;
  @MultiLine() @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 2000) note?: string;
}

@InputType()
export class RejectBankStatementMatchInput {
  @Field(() => String) lineId!: string;
  @MultiLine() @Field(() => String) @Length(3, 2000) reason!: string;
}

@InputType()
export class IgnoreBankStatementLineInput {
  @Field(() => String) lineId!: string;
  @MultiLine()
  @Field(() => String, { description: 'Why the credit is no donation (interest, own transfer…).' })
  @Length(3, 2000)
  reason!: string;
}

@InputType()
export class BankStatementLineActionInput {
  @Field(() => String) lineId!: string;
}

@InputType()
export class RematchBankStatementLinesInput {
  @Field(() => String) fundId!: string;
}

@ObjectType()
export class RematchBankStatementLinesPayload {
  @Field(() => [BankStatementLine], { nullable: true, description: 'The credits a pledge is now proposed for.' })
  proposed?: BankStatementLine[] | null;
  @PayloadErrors(RECONCILIATION_ERRORS) errors!: UserError[];
}

@InputType()
export class BankStatementLineFilter {
  @Field(() => String) fundId!: string;
  @Field(() => BankLineStatus, { nullable: true }) status?: BankLineStatus;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) statementId?: string;
}

@ObjectType()
export class ImportBankStatementPayload {
  @Field(() => [BankStatement], {
    nullable: true,
    description: 'The statements of the file (a statement imported before comes back as it was).',
  })
  statements?: BankStatement[] | null;
  @Field(() => [BankStatementLine], {
    nullable: true,
    description: 'The credits this import added (none when all were imported before).',
  })
  added?: BankStatementLine[] | null;
  @Field(() => Int, {
    nullable: true,
    description: 'Credits of the file that were imported before and were left as they are.',
  })
  alreadyImported?: number | null;
  @PayloadErrors(RECONCILIATION_ERRORS) errors!: UserError[];
}

@ObjectType()
export class BankStatementLinePayload {
  @Field(() => BankStatementLine, { nullable: true }) line?: BankStatementLine | null;
  @Field(() => Contribution, { nullable: true, description: 'The wire contribution the line was recorded as.' })
  contribution?: Contribution | null;
  @PayloadErrors(RECONCILIATION_ERRORS) errors!: UserError[];
}
