import { Entity, Enum, Property } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../db/base.entity';
import { globalId, Node } from '../graphql/relay';

export enum OrganizationKind {
  DONOR = 'DONOR',
  NGO = 'NGO',
}
registerEnumType(OrganizationKind, { name: 'OrganizationKind' });

export enum VettingStatus {
  PENDING = 'PENDING',
  VERIFIED = 'VERIFIED',
  REJECTED = 'REJECTED',
  SUSPENDED = 'SUSPENDED',
}
registerEnumType(VettingStatus, { name: 'VettingStatus' });

export enum BankAccountStatus {
  PENDING_CONFIRMATION = 'PENDING_CONFIRMATION',
  CONFIRMED = 'CONFIRMED',
}
registerEnumType(BankAccountStatus, {
  name: 'BankAccountStatus',
  description: 'A new or changed account (or legal name) waits for a confirmation before money goes to it.',
});

/**
 * Confidential: visible only to the organisation's own members and its funds' secretariat. Exactly
 * one of `iban` and `accountNumber` (countries without IBAN); see docs/bank-accounts.md.
 */
export interface BankAccount {
  accountHolder: string;
  bankName: string;
  /** ISO 3166-1 alpha-2; absent on accounts stored before it was asked for. */
  bankCountry?: string | null;
  iban: string | null;
  accountNumber?: string | null;
  swift: string | null;
}

@ObjectType({ implements: Node, description: 'A donor or an NGO.' })
@Entity({ tableName: 'organization' })
export class Organization extends BaseEntity implements Node {
  get nodeId(): string {
    return globalId('Organization', this.id);
  }

  @Field(() => OrganizationKind)
  @Enum({ items: () => OrganizationKind })
  kind: OrganizationKind;

  @Field(() => String)
  @Property({ type: 'string', length: 300 })
  legalName: string;

  @Field(() => String, { description: 'ISO 3166-1 alpha-2 country of registration.' })
  @Property({ type: 'string', length: 2 })
  country: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 100, nullable: true })
  registrationNumber: string | null = null;

  @Field(() => String, { nullable: true, description: 'ISO 8601 date of registration.' })
  @Property({ type: 'date', nullable: true })
  registrationDate: string | null = null;

  @Field(() => [String], { description: 'ISO 3166-1 alpha-2 codes.' })
  @Property({ type: 'json' })
  countriesOfOperation: string[] = [];

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  website: string | null = null;

  @Property({ type: 'json', nullable: true })
  bankAccount: BankAccount | null = null;

  /** null while no account is on file. */
  @Enum({ items: () => BankAccountStatus, nullable: true })
  bankAccountStatus: BankAccountStatus | null = null;

  /** Who last changed the account or the legal name (may not confirm the change). */
  @Property({ type: 'uuid', nullable: true })
  bankAccountChangedById: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  bankAccountChangedAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  bankAccountConfirmedById: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  bankAccountConfirmedAt: Date | null = null;

  @Field(() => VettingStatus)
  @Enum({ items: () => VettingStatus, default: VettingStatus.PENDING })
  vettingStatus: VettingStatus = VettingStatus.PENDING;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  vettingReason: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  vettedById: string | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  vettedAt: Date | null = null;

  @Field(() => Boolean, { description: 'Donor agreed to be named in public statistics.' })
  @Property({ type: 'boolean', default: false })
  isPublicDonor = false;

  constructor(kind: OrganizationKind, legalName: string, country: string) {
    super();
    this.kind = kind;
    this.legalName = legalName;
    this.country = country;
  }
}
