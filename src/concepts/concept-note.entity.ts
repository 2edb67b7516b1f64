import { Check, Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity, Minor } from '../db/base.entity';
import { Fund } from '../funds/fund.entity';
import { GrantCall } from '../calls/grant-call.entity';
import { Organization } from '../organizations/organization.entity';
import { globalId, Node } from '../graphql/relay';

export enum ConceptNoteStatus {
  SUBMITTED = 'SUBMITTED',
  /** Invited to submit a full proposal. */
  SHORTLISTED = 'SHORTLISTED',
  DECLINED = 'DECLINED',
}
registerEnumType(ConceptNoteStatus, { name: 'ConceptNoteStatus' });

/** What a concept note proposes; a full proposal starts from it. */
export interface ConceptContent {
  projectTitle: string;
  summary: string;
  requestedMinor: string;
  countries: string[];
}

@ObjectType({
  implements: Node,
  description:
    "The first stage of a two-stage call: an NGO's short concept. The secretariat shortlists (invites a full proposal) or declines it.",
})
@Entity({ tableName: 'concept_note' })
@Unique({ name: 'concept_note_call_organization_unique', properties: ['call', 'organization'] })
@Index({ properties: ['call', 'id'] })
@Index({ properties: ['organization'] })
@Check({ name: 'concept_note_requested_positive', expression: 'requested_minor > 0' })
export class ConceptNote extends BaseEntity implements Node {
  get nodeId(): string {
    return globalId('ConceptNote', this.id);
  }

  @ManyToOne(() => GrantCall)
  call: GrantCall;

  @ManyToOne(() => Fund)
  fund: Fund;

  @ManyToOne(() => Organization)
  organization: Organization;

  @Field(() => String)
  @Property({ type: 'string', length: 300 })
  projectTitle: string;

  @Field(() => String)
  @Property({ type: 'text' })
  summary: string;

  @Property({ type: Minor() })
  requestedMinor: bigint;

  @Property({ type: 'string', length: 3 })
  currency: string;

  @Field(() => [String])
  @Property({ type: 'json' })
  countries: string[];

  @Field(() => ConceptNoteStatus)
  @Enum({ items: () => ConceptNoteStatus, default: ConceptNoteStatus.SUBMITTED })
  status: ConceptNoteStatus = ConceptNoteStatus.SUBMITTED;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  submittedAt: Date;

  @Property({ type: 'uuid' })
  submittedById: string;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  decidedAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  decidedById: string | null = null;

  /** The secretariat's reason, for the file (fund staff read it, the applicant does not). */
  @Property({ type: 'text', nullable: true })
  decisionReason: string | null = null;

  @Field(() => String, { nullable: true, description: 'The message sent to the applicant with the decision.' })
  @Property({ type: 'text', nullable: true })
  decisionMessage: string | null = null;

  constructor(call: GrantCall, organization: Organization, content: ConceptContent, by: string, at: Date) {
    super();
    this.call = call;
    this.fund = call.fund;
    this.currency = call.currency;
    this.organization = organization;
    this.projectTitle = content.projectTitle;
    this.summary = content.summary;
    this.requestedMinor = BigInt(content.requestedMinor);
    this.countries = content.countries;
    this.submittedById = by;
    this.submittedAt = at;
  }

  content(): ConceptContent {
    return {
      projectTitle: this.projectTitle,
      summary: this.summary,
      requestedMinor: this.requestedMinor.toString(),
      countries: this.countries,
    };
  }
}
