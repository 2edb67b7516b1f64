import { Field, InputType, ObjectType } from 'type-graphql';
import { ArrayMaxSize, IsISO31661Alpha2, IsOptional, IsUrl, Length, Matches } from 'class-validator';
import { PayloadErrors, type UserError } from '../graphql/errors';
import { ORGANIZATION_ERRORS } from './organization.errors';
import { BankAccountStatus, Organization, OrganizationKind, VettingStatus } from './organization.entity';
import { MultiLine } from '../graphql/input-guard';
import { Permission } from '../auth/policy';

@ObjectType({ description: 'Confidential bank account of an NGO (see docs/bank-accounts.md).' })
export class BankAccountView {
  @Field(() => String) accountHolder!: string;
  @Field(() => String) bankName!: string;
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 country of the bank.' })
  bankCountry!: string | null;
  @Field(() => String, { nullable: true, description: 'Electronic form; null for accounts without IBAN.' })
  iban!: string | null;
  @Field(() => String, { nullable: true, description: 'For banks in countries without IBAN.' })
  accountNumber!: string | null;
  @Field(() => String, { nullable: true, description: 'SWIFT/BIC.' }) swift!: string | null;
  @Field(() => BankAccountStatus, { description: 'Tranches are requested and paid only to a CONFIRMED account.' })
  status!: BankAccountStatus;
  @Field(() => Date, { nullable: true, description: 'Last change of the account or of the legal name.' })
  changedAt!: Date | null;
  @Field(() => Date, { nullable: true }) confirmedAt!: Date | null;

  static of(org: Organization): BankAccountView | null {
    const a = org.bankAccount;
    if (!a) return null;
    return Object.assign(new BankAccountView(), {
      accountHolder: a.accountHolder,
      bankName: a.bankName,
      bankCountry: a.bankCountry ?? null,
      iban: a.iban ?? null,
      accountNumber: a.accountNumber ?? null,
      swift: a.swift ?? null,
      status: org.bankAccountStatus ?? BankAccountStatus.PENDING_CONFIRMATION,
      changedAt: org.bankAccountChangedAt,
      confirmedAt: org.bankAccountConfirmedAt,
    });
  }
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

@InputType({ description: 'An IBAN, or an account number with the SWIFT/BIC where the country has no IBAN.' })
export class SetBankAccountInput {
  @Field(() => String) organizationId!: string;
  @Field(() => String) @Length(2, 200) accountHolder!: string;
  @Field(() => String) @Length(2, 200) bankName!: string;
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2; taken from the IBAN when left out.' })
  @IsOptional()
  @Length(2, 2)
  bankCountry?: string | null;
  @Field(() => String, { nullable: true, description: 'Spaces and lower case accepted; check digits verified.' })
  @IsOptional()
  @Length(5, 50)
  iban?: string | null;
  @Field(() => String, { nullable: true, description: 'Only for banks in countries without IBAN.' })
  @IsOptional()
  @Length(4, 50)
  accountNumber?: string | null;
  @Field(() => String, { nullable: true, description: 'SWIFT/BIC; required with an account number.' })
  @IsOptional()
  @Length(8, 14)
  swift?: string | null;
}

@InputType()
export class ConfirmBankAccountInput {
  @Field(() => String) organizationId!: string;
  @Field(() => String, { description: 'How the new details were verified (e.g. a call-back to a known contact).' })
  @MultiLine()
  @Length(3, 2000)
  note!: string;
  @Field(() => Date, {
    description:
      'The `bankAccount.changedAt` of the details you checked. When they changed again since, the ' +
      'confirmation is refused (BANK_DETAILS_CHANGED): nobody confirms details they have not seen.',
  })
  changedAt!: Date;
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
  @PayloadErrors(ORGANIZATION_ERRORS) errors!: UserError[];
}

@ObjectType({
  description: 'What the caller may do with this organisation now (the same rules the mutations apply).',
})
export class OrganizationPermissions {
  @Field(() => Permission, { description: 'updateOrganization.' }) update!: Permission;
  @Field(() => Permission, { description: 'setBankAccount.' }) setBankAccount!: Permission;
  @Field(() => Permission, { description: 'confirmBankAccount: only while the details wait for a confirmation.' })
  confirmBankAccount!: Permission;
  @Field(() => Permission, { description: 'vetOrganization to VERIFIED (a first vetting, or reinstating).' })
  verify!: Permission;
  @Field(() => Permission, { description: 'vetOrganization to REJECTED.' }) reject!: Permission;
  @Field(() => Permission, { description: 'vetOrganization to SUSPENDED.' }) suspend!: Permission;
}
