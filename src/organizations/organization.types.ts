import { Field, InputType, ObjectType } from 'type-graphql';
import { ArrayMaxSize, IsISO31661Alpha2, IsOptional, IsUrl, Length, Matches } from 'class-validator';
import { UserError } from '../graphql/errors';
import { Organization, OrganizationKind, VettingStatus } from './organization.entity';
import { MultiLine } from '../graphql/input-guard';

@ObjectType({ description: 'Confidential bank account of an NGO.' })
export class BankAccountView {
  @Field(() => String) accountHolder!: string;
  @Field(() => String) bankName!: string;
  @Field(() => String) iban!: string;
  @Field(() => String, { nullable: true }) swift!: string | null;
}

@InputType()
export class OrganizationProfileInput {
  @Field(() => String, { nullable: true }) @IsOptional() @Length(2, 300) legalName?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsISO31661Alpha2() country?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 100) registrationNumber?: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  registrationDate?: string;
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(250)
  @IsISO31661Alpha2({ each: true })
  countriesOfOperation?: string[];
  @Field(() => String, { nullable: true }) @IsOptional() @IsUrl() @Length(1, 500) website?: string;
  @Field(() => Boolean, { nullable: true, description: 'Donor agrees to be named in public statistics.' })
  @IsOptional()
  isPublicDonor?: boolean;
}

@InputType()
export class CreateOrganizationInput extends OrganizationProfileInput {
  @Field(() => OrganizationKind) kind!: OrganizationKind;
  @Field(() => String) @Length(2, 300) declare legalName: string;
  @Field(() => String) @IsISO31661Alpha2() declare country: string;
}

@InputType()
export class UpdateOrganizationInput extends OrganizationProfileInput {
  @Field(() => String) organizationId!: string;
}

@InputType()
export class SetBankAccountInput {
  @Field(() => String) organizationId!: string;
  @Field(() => String) @Length(2, 200) accountHolder!: string;
  @Field(() => String) @Length(2, 200) bankName!: string;
  @Field(() => String)
  @Matches(/^[A-Z]{2}[0-9]{2}[A-Z0-9]{8,30}$/, { message: 'iban must be an IBAN without spaces' })
  iban!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(/^[A-Z0-9]{8}([A-Z0-9]{3})?$/) swift?: string;
}

@InputType()
export class VetOrganizationInput {
  @Field(() => String) organizationId!: string;
  @Field(() => VettingStatus, { description: 'VERIFIED, REJECTED or SUSPENDED.' }) status!: VettingStatus;
  @MultiLine() @Field(() => String) @Length(3, 2000) reason!: string;
}

@ObjectType()
export class OrganizationPayload {
  @Field(() => Organization, { nullable: true }) organization?: Organization | null;
  @Field(() => [UserError]) errors!: UserError[];
}
