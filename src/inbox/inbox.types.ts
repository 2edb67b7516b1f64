import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';

/** What waits on the secretariat of a fund, one kind per section of the inbox. */
export enum InboxKind {
  ORGANIZATION_TO_VET = 'ORGANIZATION_TO_VET',
  BANK_ACCOUNT_TO_CONFIRM = 'BANK_ACCOUNT_TO_CONFIRM',
  APPLICATION_TO_SCREEN = 'APPLICATION_TO_SCREEN',
  APPLICATION_TO_RECOMMEND = 'APPLICATION_TO_RECOMMEND',
  TRANCHE_TO_REQUEST = 'TRANCHE_TO_REQUEST',
  TRANCHE_TO_APPROVE = 'TRANCHE_TO_APPROVE',
  TRANCHE_TO_PAY = 'TRANCHE_TO_PAY',
  REPORT_TO_REVIEW = 'REPORT_TO_REVIEW',
  AMENDMENT_PENDING = 'AMENDMENT_PENDING',
  PAYMENT_RECEIPT_OVERDUE = 'PAYMENT_RECEIPT_OVERDUE',
  PAYMENT_DISCREPANCY = 'PAYMENT_DISCREPANCY',
}
registerEnumType(InboxKind, { name: 'InboxKind' });

@ObjectType({ description: 'One thing that waits: the object, and the screen-level object that decides it.' })
export class InboxItem {
  @Field(() => String, { description: 'Global id of the object that waits (organisation, application, tranche…).' })
  entityId!: string;

  @Field(() => String, {
    description:
      'Global id of the object whose page decides it: the organisation, the application, or the award (tranches, reports, amendments).',
  })
  targetId!: string;

  @Field(() => String, { description: 'Organisation name, project title, or project title and tranche/report.' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'The organisation, for items about its application or award.' })
  organizationName!: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'Since when it waits (submission, request…).' })
  since!: Date | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD: planned date of a tranche, due date of a report.' })
  dueDate!: string | null;
}

@ObjectType()
export class InboxSection {
  @Field(() => InboxKind) kind!: InboxKind;
  @Field(() => Int, { description: 'Everything of this kind that waits.' }) totalCount!: number;
  @Field(() => [InboxItem], { description: 'The most urgent first (due date, then oldest), at most `first`.' })
  items!: InboxItem[];
}

@ObjectType({ description: 'What waits on the secretariat of a fund.' })
export class SecretariatInbox {
  @Field(() => [InboxSection], { description: 'Every kind, in the order of the grant cycle (empty ones included).' })
  sections!: InboxSection[];
}
