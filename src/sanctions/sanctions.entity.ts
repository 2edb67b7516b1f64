import { Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../db/base.entity';
import { globalId, Node } from '../graphql/relay';
import { Organization } from '../organizations/organization.entity';

export enum SanctionsEntryKind {
  INDIVIDUAL = 'INDIVIDUAL',
  ENTITY = 'ENTITY',
}
registerEnumType(SanctionsEntryKind, { name: 'SanctionsEntryKind' });

/** Where a listed name comes from: the entry's own name, a good or low-quality alias, the original script. */
export type ListedNameKind = 'PRIMARY' | 'GOOD_ALIAS' | 'LOW_ALIAS' | 'ORIGINAL_SCRIPT';

export interface ListedName {
  name: string;
  kind: ListedNameKind;
}

/** One import of the UN Security Council Consolidated List; the latest one is the list in force. */
@ObjectType({ description: 'An import of the UN Security Council Consolidated List.' })
@Entity({ tableName: 'sanctions_list_import' })
export class SanctionsListImport extends BaseEntity {
  @Field(() => String, { description: 'File path or URL the list was read from.' })
  @Property({ type: 'text' })
  source: string;

  @Field(() => String, { nullable: true, description: 'The dateGenerated attribute of the list.' })
  @Property({ type: 'string', length: 40, nullable: true })
  generatedOn: string | null;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  importedAt: Date;

  @Field(() => Int)
  @Property({ type: 'integer' })
  individuals: number;

  @Field(() => Int)
  @Property({ type: 'integer' })
  entities: number;

  /** SHA-256 of the file, so an unchanged list is not imported twice. */
  @Field(() => String)
  @Property({ type: 'string', length: 64 })
  sha256: string;

  constructor(
    source: string,
    generatedOn: string | null,
    importedAt: Date,
    individuals: number,
    entities: number,
    sha256: string,
  ) {
    super();
    this.source = source;
    this.generatedOn = generatedOn;
    this.importedAt = importedAt;
    this.individuals = individuals;
    this.entities = entities;
    this.sha256 = sha256;
  }
}

/** One individual or entity of the list in force (replaced on every import). */
@Entity({ tableName: 'sanctions_entry' })
export class SanctionsEntry extends BaseEntity {
  @Property({ type: 'string', length: 40 })
  @Unique()
  dataId: string;

  @Enum({ items: () => SanctionsEntryKind })
  kind: SanctionsEntryKind;

  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'string', length: 100 })
  listType: string;

  @Property({ type: 'string', length: 40 })
  referenceNumber: string;

  @Property({ type: 'json' })
  names: ListedName[];

  @ManyToOne(() => SanctionsListImport)
  listImport: SanctionsListImport;

  constructor(
    listImport: SanctionsListImport,
    e: {
      dataId: string;
      kind: SanctionsEntryKind;
      name: string;
      listType: string;
      referenceNumber: string;
      names: ListedName[];
    },
  ) {
    super();
    this.listImport = listImport;
    this.dataId = e.dataId;
    this.kind = e.kind;
    this.name = e.name;
    this.listType = e.listType;
    this.referenceNumber = e.referenceNumber;
    this.names = e.names;
  }
}

export enum ScreeningTrigger {
  REGISTRATION = 'REGISTRATION',
  VETTING = 'VETTING',
  PAYMENT = 'PAYMENT',
}
registerEnumType(ScreeningTrigger, { name: 'ScreeningTrigger' });

export enum ScreeningResult {
  CLEAR = 'CLEAR',
  POSSIBLE_MATCH = 'POSSIBLE_MATCH',
  CONFIRMED_MATCH = 'CONFIRMED_MATCH',
  NO_LIST = 'NO_LIST',
}
registerEnumType(ScreeningResult, {
  name: 'ScreeningResult',
  description: 'NO_LIST: no sanctions list has been imported yet, nothing was compared.',
});

export enum ScreenedSubject {
  LEGAL_NAME = 'LEGAL_NAME',
  OFFICER = 'OFFICER',
  ACCOUNT_HOLDER = 'ACCOUNT_HOLDER',
}
registerEnumType(ScreenedSubject, { name: 'ScreenedSubject' });

export enum SanctionsMatchStatus {
  POSSIBLE = 'POSSIBLE',
  CLEARED = 'CLEARED',
  CONFIRMED = 'CONFIRMED',
}
registerEnumType(SanctionsMatchStatus, {
  name: 'SanctionsMatchStatus',
  description: 'POSSIBLE and CONFIRMED block payments; CLEARED is a recorded false positive.',
});

@ObjectType({ implements: Node, description: 'One screening of an organisation against the sanctions list.' })
@Entity({ tableName: 'sanctions_screening' })
@Index({ properties: ['organization', 'screenedAt'] })
export class SanctionsScreening extends BaseEntity implements Node {
  get nodeId(): string {
    return globalId('SanctionsScreening', this.id);
  }

  @ManyToOne(() => Organization)
  organization: Organization;

  @Field(() => ScreeningTrigger)
  @Enum({ items: () => ScreeningTrigger })
  trigger: ScreeningTrigger;

  @Field(() => ScreeningResult)
  @Enum({ items: () => ScreeningResult })
  result: ScreeningResult;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  screenedAt: Date;

  @ManyToOne(() => SanctionsListImport, { nullable: true })
  listImport: SanctionsListImport | null;

  @Field(() => Int, { description: 'Names compared (legal name, officers, account holder).' })
  @Property({ type: 'integer' })
  namesScreened: number;

  @Field(() => Int, { description: 'Matches at or above the threshold, whatever their status.' })
  @Property({ type: 'integer' })
  matchCount: number;

  constructor(
    organization: Organization,
    trigger: ScreeningTrigger,
    r: {
      result: ScreeningResult;
      screenedAt: Date;
      listImport: SanctionsListImport | null;
      namesScreened: number;
      matchCount: number;
    },
  ) {
    super();
    this.organization = organization;
    this.trigger = trigger;
    this.result = r.result;
    this.screenedAt = r.screenedAt;
    this.listImport = r.listImport;
    this.namesScreened = r.namesScreened;
    this.matchCount = r.matchCount;
  }
}

/** A name of the organisation close to a listed name; decided once by the secretariat. */
@ObjectType({ implements: Node, description: 'A possible sanctions-list match of an organisation.' })
@Entity({ tableName: 'sanctions_match' })
@Unique({ properties: ['organization', 'entryDataId', 'screenedName'] })
export class SanctionsMatch extends BaseEntity implements Node {
  get nodeId(): string {
    return globalId('SanctionsMatch', this.id);
  }

  @ManyToOne(() => Organization)
  organization: Organization;

  @Field(() => ScreenedSubject)
  @Enum({ items: () => ScreenedSubject })
  subject: ScreenedSubject;

  @Field(() => String, { description: 'The organisation’s name that matched.' })
  @Property({ type: 'string', length: 300 })
  screenedName: string;

  @Field(() => String, { description: 'DATAID of the list entry.' })
  @Property({ type: 'string', length: 40 })
  entryDataId: string;

  @Field(() => String)
  @Property({ type: 'string', length: 40 })
  referenceNumber: string;

  @Field(() => String, { description: 'The entry’s name on the list.' })
  @Property({ type: 'text' })
  entryName: string;

  @Field(() => String, { description: 'The listed name or alias that matched.' })
  @Property({ type: 'text' })
  matchedName: string;

  @Field(() => Float, { description: 'Similarity from 0 to 1.' })
  @Property({ type: 'double' })
  score: number;

  @Field(() => SanctionsMatchStatus)
  @Enum({ items: () => SanctionsMatchStatus, default: SanctionsMatchStatus.POSSIBLE })
  status: SanctionsMatchStatus = SanctionsMatchStatus.POSSIBLE;

  @Property({ type: 'uuid', nullable: true })
  decidedById: string | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  decidedAt: Date | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  decisionReason: string | null = null;

  constructor(
    organization: Organization,
    m: {
      subject: ScreenedSubject;
      screenedName: string;
      entryDataId: string;
      referenceNumber: string;
      entryName: string;
      matchedName: string;
      score: number;
    },
  ) {
    super();
    this.organization = organization;
    this.subject = m.subject;
    this.screenedName = m.screenedName;
    this.entryDataId = m.entryDataId;
    this.referenceNumber = m.referenceNumber;
    this.entryName = m.entryName;
    this.matchedName = m.matchedName;
    this.score = m.score;
  }
}
