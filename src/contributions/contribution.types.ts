import { Permission } from '../auth/policy';
import { Field, InputType, ObjectType } from 'type-graphql';
import { IsOptional, Length, Matches } from 'class-validator';
import { PayloadErrors, type UserError } from '../graphql/errors';
import { CONTRIBUTION_ERRORS } from './contribution.errors';
import { Money } from '../graphql/money';
import { Contribution, ContributionChannel, ContributionStatus } from './contribution.entity';
import { MultiLine } from '../graphql/input-guard';

@InputType()
export class CreateCardContributionInput {
  @Field(() => String) fundId!: string;
  @Field(() => String, { nullable: true }) @IsOptional() pledgeId?: string;
  @Field(() => String, { nullable: true, description: "Defaults to the caller's only donor organisation." })
  @IsOptional()
  donorOrganizationId?: string;
  @Field(() => String, { description: 'Decimal string.' }) amount!: string;
  @Field(() => String) currency!: string;
  @Field(() => String, { description: 'Client-chosen key: a retry with the same key returns the same contribution.' })
  @Length(8, 200)
  @Matches(/^[\w.:-]+$/)
  idempotencyKey!: string;
}

@InputType()
export class RecordWireContributionInput {
  @Field(() => String) fundId!: string;
  @Field(() => String) donorOrganizationId!: string;
  @Field(() => String, { nullable: true }) @IsOptional() pledgeId?: string;
  @Field(() => String, { description: 'Amount received, decimal string in `currency`.' }) amount!: string;
  @Field(() => String) currency!: string;
  @Field(() => String, { description: 'YYYY-MM-DD the money reached the fund account.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  valueDate!: string;
  @Field(() => String) @Length(3, 100) bankReference!: string;
  @Field(() => String, {
    nullable: true,
    description: "Rate to the base currency (8 places at most); default: the month's rate from the rates table.",
  })
  @IsOptional()
  exchangeRate?: string;
  @MultiLine() @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 2000) note?: string;
}

@InputType()
export class RefundCardContributionInput {
  @Field(() => String) contributionId!: string;
  @Field(() => String, { nullable: true, description: 'Decimal string; default: all that is left.' })
  @IsOptional()
  amount?: string;
  @MultiLine() @Field(() => String) @Length(3, 2000) reason!: string;
  @Field(() => String, { description: 'A retry with the same key never refunds twice.' })
  @Length(8, 200)
  @Matches(/^[\w.:-]+$/)
  idempotencyKey!: string;
}

@InputType()
export class RefundWireContributionInput {
  @Field(() => String) contributionId!: string;
  @Field(() => String, {
    nullable: true,
    description: 'Decimal string in the wire currency; default: all that is left.',
  })
  @IsOptional()
  amount?: string;
  @Field(() => String, { nullable: true, description: "ISO 4217; must be the wire's currency." })
  @IsOptional()
  currency?: string;
  @Field(() => String, { description: 'Bank reference of the outgoing transfer; booked once per contribution.' })
  @Length(3, 100)
  reference!: string;
  @Field(() => String, { description: 'Value date of the outgoing transfer, YYYY-MM-DD.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  valueDate!: string;
  @Field(() => String) @Length(3, 2000) reason!: string;
}

@InputType()
export class ConfirmWireRateInput {
  @Field(() => String) contributionId!: string;
  @Field(() => String, { nullable: true, description: 'Why the rate is right (e.g. the bank advice).' })
  @IsOptional()
  @Length(1, 2000)
  comment?: string;
}

@InputType()
export class RejectWireRateInput {
  @Field(() => String) contributionId!: string;
  @Field(() => String) @Length(3, 2000) reason!: string;
}

@InputType()
export class ContributionFilter {
  @Field(() => String, { nullable: true }) fundId?: string;
  @Field(() => String, { nullable: true }) donorOrganizationId?: string;
  @Field(() => String, { nullable: true }) pledgeId?: string;
  @Field(() => ContributionStatus, { nullable: true }) status?: ContributionStatus;
  @Field(() => ContributionChannel, { nullable: true }) channel?: ContributionChannel;
}

@ObjectType({ description: "A donor's receipt for money received." })
export class ContributionReceipt {
  @Field(() => String, { description: 'Receipt number: the contribution id.' }) number!: string;
  @Field(() => String) donorName!: string;
  @Field(() => String) fundName!: string;
  @Field(() => Money) amount!: Money;
  @Field(() => Money) baseAmount!: Money;
  @Field(() => String) exchangeRate!: string;
  @Field(() => String, { description: 'Value date, YYYY-MM-DD.' }) date!: string;
  @Field(() => String, { description: 'Bank reference or Stripe PaymentIntent id.' }) reference!: string;
  @Field(() => ContributionChannel) channel!: ContributionChannel;
  @Field(() => Money) refunded!: Money;
}

@ObjectType()
export class ContributionPayload {
  @Field(() => Contribution, { nullable: true }) contribution?: Contribution | null;
  @PayloadErrors(CONTRIBUTION_ERRORS) errors!: UserError[];
}

@ObjectType()
export class CardContributionPayload {
  @Field(() => Contribution, { nullable: true }) contribution?: Contribution | null;
  @Field(() => String, {
    nullable: true,
    description: 'Stripe client secret for confirming the payment in the browser.',
  })
  clientSecret?: string | null;
  @PayloadErrors(CONTRIBUTION_ERRORS) errors!: UserError[];
}

@ObjectType({ description: 'What the caller may do with this contribution now (the same rules the mutations apply).' })
export class ContributionPermissions {
  @Field(() => Permission, {
    description: 'refundCardContribution for a card payment, refundWireContribution for a wire.',
  })
  refund!: Permission;
  @Field(() => Permission, {
    description:
      'confirmWireRate and rejectWireRate: a wire waiting for a second member to confirm its rate (never its recorder).',
  })
  decideRate!: Permission;
}
