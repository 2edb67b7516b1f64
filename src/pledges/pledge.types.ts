import { Field, InputType, ObjectType } from 'type-graphql';
import { IsOptional, Length, Matches } from 'class-validator';
import { PayloadErrors, type UserError } from '../graphql/errors';
import { PLEDGE_ERRORS } from './pledge.errors';
import { Permission } from '../auth/policy';
import { Pledge, PledgeStatus } from './pledge.entity';
import { MultiLine } from '../graphql/input-guard';
import { Money } from '../graphql/money';

@InputType()
export class CreatePledgeInput {
  @Field(() => String) fundId!: string;
  @Field(() => String, {
    nullable: true,
    description: "Donor organisation; defaults to the caller's own (required for the secretariat).",
  })
  @IsOptional()
  donorOrganizationId?: string;
  @Field(() => String, { description: 'Decimal string, e.g. "250000.00".' }) amount!: string;
  @Field(() => String, { description: 'ISO 4217 code.' }) currency!: string;
  @Field(() => String, { description: 'YYYY-MM-DD' }) @Matches(/^\d{4}-\d{2}-\d{2}$/) dueDate!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 300) earmark?: string;
  @MultiLine() @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 2000) note?: string;
}

@InputType()
export class CancelPledgeInput {
  @Field(() => String) pledgeId!: string;
  @MultiLine() @Field(() => String) @Length(3, 2000) reason!: string;
}

@InputType()
export class PledgeFilter {
  @Field(() => String, { nullable: true }) fundId?: string;
  @Field(() => String, { nullable: true }) donorOrganizationId?: string;
  @Field(() => PledgeStatus, { nullable: true }) status?: PledgeStatus;
  @Field(() => String, {
    nullable: true,
    description: 'The reference a donor quoted on a wire, e.g. "UNVTF-P-3F9A0C21D4" (Pledge.reference).',
  })
  @IsOptional()
  @Length(1, 60)
  reference?: string;
}

@ObjectType()
export class PledgePermissions {
  @Field(() => Permission) cancel!: Permission;
  @Field(() => Permission, { description: 'Pay by card (createCardContribution with this pledge).' })
  payByCard!: Permission;
}

@ObjectType({ description: "How to pay a pledge by wire: the fund's account and the reference to quote." })
export class WireInstructions {
  @Field(() => String, {
    description: 'Quote it on the transfer: the secretariat matches the wire to the pledge by it.',
  })
  reference!: string;
  @Field(() => String) accountHolder!: string;
  @Field(() => String) bankName!: string;
  @Field(() => String, { nullable: true }) bankCountry!: string | null;
  @Field(() => String, { nullable: true }) iban!: string | null;
  @Field(() => String, { nullable: true }) accountNumber!: string | null;
  @Field(() => String, { nullable: true, description: 'SWIFT/BIC of the bank.' }) swift!: string | null;
  @Field(() => Money, { description: 'What is still to be paid on the pledge.' }) amount!: Money;
}

@ObjectType()
export class PledgePayload {
  @Field(() => Pledge, { nullable: true }) pledge?: Pledge | null;
  @PayloadErrors(PLEDGE_ERRORS) errors!: UserError[];
}
