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

/** Confidential: visible only to the organisation's own members and the secretariat. */
export interface BankAccount {
  accountHolder: string;
  bankName: string;
  iban: string;
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
