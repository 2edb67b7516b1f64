import { Field, InputType, ObjectType } from 'type-graphql';
import { IsOptional, Length, Matches } from 'class-validator';
import { UserError } from '../graphql/errors';
import { Permission } from '../auth/policy';
import { Pledge, PledgeStatus } from './pledge.entity';
import { MultiLine } from '../graphql/input-guard';

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
}

@ObjectType()
export class PledgePermissions {
  @Field(() => Permission) cancel!: Permission;
}

@ObjectType()
export class PledgePayload {
  @Field(() => Pledge, { nullable: true }) pledge?: Pledge | null;
  @Field(() => [UserError]) errors!: UserError[];
}
