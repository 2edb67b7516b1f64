import { Check, Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { BaseEntity, Minor } from '../db/base.entity';
import { Fund } from '../funds/fund.entity';
import { GrantCall } from '../calls/grant-call.entity';
import { Organization } from '../organizations/organization.entity';
import { ConceptNote } from '../concepts/concept-note.entity';
import { globalId, Node } from '../graphql/relay';

export enum ApplicationStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  INFO_REQUESTED = 'INFO_REQUESTED',
  ELIGIBLE = 'ELIGIBLE',
  INELIGIBLE = 'INELIGIBLE',
  UNDER_REVIEW = 'UNDER_REVIEW',
  RECOMMENDED = 'RECOMMENDED',
  NOT_RECOMMENDED = 'NOT_RECOMMENDED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  AWARDED = 'AWARDED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(ApplicationStatus, { name: 'ApplicationStatus' });

export interface BudgetLine {
  category: string;
  description: string;
  /** Minor units as a decimal integer string (JSON has no bigint). */
  amountMinor: string;
}

export interface BeneficiaryTarget {
  sex: string;
  ageGroup: string;
  exploitation: string | null;
  count: number;
}

/** The frozen content of one submission; `changes` of a version diff these. */
export interface ApplicationContent {
  projectTitle: string;
  summary: string;
  requestedMinor: string;
  durationMonths: number;
  startDate: string | null;
  budgetLines: BudgetLine[];
  targetBeneficiaries: BeneficiaryTarget[];
  countries: string[];
  category?: string | null;
  projectBudgetMinor?: string | null;
}

@ObjectType({ implements: Node, description: "An NGO's proposal to a call. One per organisation and call." })
@Entity({ tableName: 'application' })
@Unique({ name: 'application_call_organization_unique', properties: ['call', 'organization'] })
@Index({ properties: ['fund', 'status'] })
@Index({ properties: ['organization'] })
// A call's applications in id order (listings, `GrantCall.applications(first:)`) without a sort.
@Index({ properties: ['call', 'id'] })
@Check({ name: 'application_requested_non_negative', expression: 'requested_minor >= 0' })
export class Application extends BaseEntity implements Node {
  get nodeId(): string {
    return globalId('Application', this.id);
  }

  @ManyToOne(() => GrantCall)
  call: GrantCall;

  @ManyToOne(() => Fund)
  fund: Fund;

  @ManyToOne(() => Organization)
  organization: Organization;

  /** Two-stage calls: the shortlisted concept note this full proposal follows (its invitation). */
  @ManyToOne(() => ConceptNote, { nullable: true, unique: true })
  conceptNote: ConceptNote | null = null;

  @Field(() => String)
  @Property({ type: 'string', length: 300 })
  projectTitle: string;

  @Field(() => String)
  @Property({ type: 'text' })
  summary = '';

  @Property({ type: Minor() })
  requestedMinor = 0n;

  @Property({ type: 'string', length: 3 })
  currency: string;

  @Field(() => Int)
  @Property({ type: 'integer' })
  durationMonths = 0;

  @Field(() => String, { nullable: true, description: 'Planned start, YYYY-MM-DD.' })
  @Property({ type: 'date', nullable: true })
  startDate: string | null = null;

  @Property({ type: 'json' })
  budgetLines: BudgetLine[] = [];

  @Field(() => GraphQLJSON, { description: 'Target beneficiaries: [{ sex, ageGroup, exploitation, count }].' })
  @Property({ type: 'json' })
  targetBeneficiaries: BeneficiaryTarget[] = [];

  @Field(() => [String])
  @Property({ type: 'json' })
  countries: string[] = [];

  @Field(() => String, {
    nullable: true,
    description: "The call's applicant category this application is in (its key).",
  })
  @Property({ type: 'string', length: 64, nullable: true })
  category: string | null = null;

  /** The project's total budget, other funding included (the cost-share rule compares the request to it). */
  @Property({ type: Minor(), nullable: true })
  projectBudgetMinor: bigint | null = null;

  @Field(() => ApplicationStatus)
  @Enum({ items: () => ApplicationStatus, default: ApplicationStatus.DRAFT })
  status: ApplicationStatus = ApplicationStatus.DRAFT;

  @Field(() => Int, { description: 'Number of submissions so far (0 for a draft never submitted).' })
  @Property({ type: 'integer', default: 0 })
  version = 0;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  submittedAt: Date | null = null;

  @Property({ type: 'uuid' })
  createdById: string;

  @Field(() => String, { nullable: true, description: 'What the secretariat asked for (INFO_REQUESTED).' })
  @Property({ type: 'text', nullable: true })
  infoRequest: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  recommendedById: string | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  recommendedAt: Date | null = null;

  @Property({ type: Minor(), nullable: true })
  proposedMinor: bigint | null = null;

  @Property({ type: 'text', nullable: true })
  recommendationComment: string | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  decidedAt: Date | null = null;

  constructor(call: GrantCall, organization: Organization, projectTitle: string, createdById: string) {
    super();
    this.call = call;
    this.fund = call.fund;
    this.currency = call.currency;
    this.organization = organization;
    this.projectTitle = projectTitle;
    this.createdById = createdById;
  }

  content(): ApplicationContent {
    return {
      projectTitle: this.projectTitle,
      summary: this.summary,
      requestedMinor: this.requestedMinor.toString(),
      durationMonths: this.durationMonths,
      startDate: this.startDate,
      budgetLines: this.budgetLines,
      targetBeneficiaries: this.targetBeneficiaries,
      countries: this.countries,
      category: this.category,
      projectBudgetMinor: this.projectBudgetMinor?.toString() ?? null,
    };
  }
}

@ObjectType({ description: 'One submitted version of an application, frozen.' })
@Entity({ tableName: 'application_version' })
@Unique({ properties: ['application', 'version'] })
export class ApplicationVersion extends BaseEntity {
  @ManyToOne(() => Application)
  application: Application;

  @Field(() => Int)
  @Property({ type: 'integer' })
  version: number;

  @Field(() => GraphQLJSON)
  @Property({ type: 'json' })
  content: ApplicationContent;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  submittedAt: Date;

  @Property({ type: 'uuid' })
  submittedById: string;

  constructor(application: Application, submittedAt: Date, submittedById: string) {
    super();
    this.application = application;
    this.version = application.version;
    this.content = application.content();
    this.submittedAt = submittedAt;
    this.submittedById = submittedById;
  }
}

@ObjectType({ description: 'The screening outcome of one eligibility rule.' })
@Entity({ tableName: 'eligibility_check' })
@Index({ properties: ['application'] })
export class EligibilityCheck extends BaseEntity {
  @ManyToOne(() => Application)
  application: Application;

  @Field(() => Int, { description: 'The application version screened.' })
  @Property({ type: 'integer' })
  version: number;

  @Field(() => String)
  @Property({ type: 'string', length: 100 })
  ruleKey: string;

  @Field(() => Boolean)
  @Property({ type: 'boolean' })
  passed: boolean;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  comment: string | null;

  @Field(() => String)
  @Property({ type: 'uuid' })
  decidedById: string;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  decidedAt: Date;

  constructor(
    application: Application,
    ruleKey: string,
    passed: boolean,
    comment: string | null,
    by: string,
    at: Date,
  ) {
    super();
    this.application = application;
    this.version = application.version;
    this.ruleKey = ruleKey;
    this.passed = passed;
    this.comment = comment;
    this.decidedById = by;
    this.decidedAt = at;
  }
}
