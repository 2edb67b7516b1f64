import { Entity, Property, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity, Minor } from '../db/base.entity';
import { globalId, Node } from '../graphql/relay';
import type { BankAccount } from '../organizations/organization.entity';
import { DEFAULT_STEP_UP_ACTIONS, StepUpAction } from '../auth/step-up-action';

@ObjectType({ implements: Node, description: 'A voluntary trust fund, e.g. UNVTF.' })
@Entity({ tableName: 'fund' })
export class Fund extends BaseEntity implements Node {
  get nodeId(): string {
    return globalId('Fund', this.id);
  }

  @Field(() => String, { description: 'Short code, e.g. UNVTF.' })
  @Property({ type: 'string', length: 32 })
  @Unique()
  code: string;

  @Field(() => String)
  @Property({ type: 'string', length: 300 })
  name: string;

  @Field(() => String, { description: 'ISO 4217 code of the base currency.' })
  @Property({ type: 'string', length: 3 })
  baseCurrency: string;

  @Field(() => Int, { description: 'Programme support cost rate in basis points (1300 = 13 %).' })
  @Property({ type: 'integer', default: 0 })
  supportCostRateBps = 0;

  @Field(() => Int, { description: 'Policy: minimum number of board approvals for an award.' })
  @Property({ type: 'integer', default: 3 })
  minApprovals = 3;

  @Property({ type: Minor(), nullable: true })
  unanimityThresholdMinor: bigint | null = null;

  @Property({ type: Minor(), default: 5000000 })
  auditThresholdMinor = 5_000_000n;

  @Field(() => [Int], { description: 'Policy: default tranche split in percent, e.g. [70, 30].' })
  @Property({ type: 'json' })
  trancheWeights: number[] = [70, 30];

  @Field(() => [String], {
    description: 'Policy: roles that may approve a requested tranche (never the requester). Default SECRETARIAT.',
  })
  @Property({ type: 'json', defaultRaw: `'["SECRETARIAT"]'` })
  trancheApproverRoles: string[] = ['SECRETARIAT'];

  @Field(() => Boolean, {
    description:
      'Policy: the person who recorded a tranche request may not record its payment (separation of duties). Default true.',
  })
  @Property({ type: 'boolean', default: true })
  paymentSeparationOfDuties = true;

  @Field(() => Int, {
    description:
      "Policy: a wire's exchange rate may differ from the month's stored rate by this many basis points (200 = 2 %) before a second secretariat member must confirm it.",
  })
  @Property({ type: 'integer', default: 200 })
  fxToleranceBps = 200;

  @Field(() => Int, {
    nullable: true,
    description:
      'Policy: days a grantee has to accept or decline a new award (tranches wait for the acceptance); null: awards are in force when approved.',
  })
  @Property({ type: 'integer', nullable: true })
  awardAcceptanceDays: number | null = null;

  @Field(() => Int, {
    description:
      'Policy: days after a tranche payment by which the grantee acknowledges its receipt; later it is overdue (reminder, inbox). Default 14.',
  })
  @Property({ type: 'integer', default: 14 })
  receiptAcknowledgementDays = 14;

  @Field(() => Boolean, { description: 'Policy: secretariat staff may review applications.' })
  @Property({ type: 'boolean', default: false })
  secretariatMayReview = false;

  @Field(() => [StepUpAction], {
    description:
      'Policy: actions that need a second factor passed in the session within STEP_UP_WINDOW_SECONDS ' +
      '(step-up). Default: all of them.',
  })
  @Property({ type: 'json', defaultRaw: `'${JSON.stringify(DEFAULT_STEP_UP_ACTIONS)}'` })
  stepUpActions: StepUpAction[] = [...DEFAULT_STEP_UP_ACTIONS];

  /** Where donors send wires (shown to donors with their pledge's reference); not secret. */
  @Property({ type: 'json', nullable: true })
  receivingAccount: BankAccount | null = null;

  constructor(code: string, name: string, baseCurrency: string) {
    super();
    this.code = code;
    this.name = name;
    this.baseCurrency = baseCurrency;
  }
}
