import { IsOptional, Length, Matches } from 'class-validator';
import { Field, InputType, ObjectType } from 'type-graphql';
import { Award } from '../awards/award.entity';
import { Tranche } from './tranche.entity';
import { TranchePayment } from './tranche-payment.entity';
import { PayloadErrors, type UserError } from '../graphql/errors';
import { TRANCHE_ERRORS } from './tranche.errors';
import { Permission } from '../auth/policy';
import { MultiLine } from '../graphql/input-guard';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

@InputType()
export class TrancheActionInput {
  @Field(() => String) trancheId!: string;
}

@InputType()
export class RecordTranchePaymentInput {
  @Field(() => String) trancheId!: string;
  @Field(() => String, { description: 'Bank reference of the transfer; repeating it is a no-op.' })
  @Length(1, 200)
  reference!: string;
  @Field(() => String, { description: 'Value date, YYYY-MM-DD.' }) @Matches(DATE) valueDate!: string;
  @Field(() => String, {
    nullable: true,
    description:
      'Decimal string; default: the approved amount not yet paid. Less is a partial payment and needs `partialReason`; more needs a schedule amendment.',
  })
  @IsOptional()
  amount?: string;
  @Field(() => String, { nullable: true, description: 'Why less than the approved rest is paid now.' })
  @IsOptional()
  @Length(3, 2000)
  partialReason?: string;
  @Field(() => String, { nullable: true, description: "ISO 4217; must be the fund's base currency." })
  @IsOptional()
  currency?: string;
}

@InputType()
export class CancelTrancheInput {
  @Field(() => String) trancheId!: string;
  @MultiLine() @Field(() => String) @Length(3, 2000) reason!: string;
}

@ObjectType()
export class TranchePayload {
  @Field(() => Tranche, { nullable: true }) tranche?: Tranche | null;
  @Field(() => Award, { nullable: true }) award?: Award | null;
  @PayloadErrors(TRANCHE_ERRORS) errors!: UserError[];
}

@ObjectType({ description: 'What the caller may do with the tranche now, and why not.' })
export class TranchePermissions {
  @Field(() => Permission) request!: Permission;
  @Field(() => Permission) approve!: Permission;
  @Field(() => Permission) pay!: Permission;
  @Field(() => Permission) cancel!: Permission;
}

@InputType()
export class AcknowledgePaymentInput {
  @Field(() => String, { description: 'Global id of the TranchePayment.' }) paymentId!: string;
  @Field(() => String, { description: "Decimal string in the award's currency: what arrived on the account." })
  @Length(1, 40)
  receivedAmount!: string;
  @Field(() => String, { description: 'YYYY-MM-DD the money arrived; not before the transfer, not in the future.' })
  @Matches(DATE)
  receivedOn!: string;
  @Field(() => String, {
    nullable: true,
    description: 'Required when the amount received differs from the amount sent.',
  })
  @IsOptional()
  @MultiLine()
  @Length(3, 2000)
  note?: string;
}

@InputType()
export class ResolvePaymentDiscrepancyInput {
  @Field(() => String, { description: 'Global id of the TranchePayment.' }) paymentId!: string;
  @MultiLine() @Field(() => String) @Length(3, 2000) resolution!: string;
}

@ObjectType()
export class TranchePaymentPayload {
  @Field(() => TranchePayment, { nullable: true }) payment?: TranchePayment | null;
  @Field(() => Tranche, { nullable: true }) tranche?: Tranche | null;
  @PayloadErrors(TRANCHE_ERRORS) errors!: UserError[];
}

@ObjectType({ description: 'What the caller may do with the payment now, and why not.' })
export class TranchePaymentPermissions {
  @Field(() => Permission, { description: 'Acknowledge its receipt (a member of the grantee).' })
  acknowledge!: Permission;
  @Field(() => Permission, { description: 'Resolve a reported discrepancy (the secretariat).' })
  resolve!: Permission;
}
