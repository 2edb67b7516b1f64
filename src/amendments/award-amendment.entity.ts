import { Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Award } from '../awards/award.entity';
import { BaseEntity, Minor } from '../db/base.entity';
import { globalId, Node } from '../graphql/relay';
import { VoteChoice } from '../reviews/review.entity';
import { User } from '../users/user.entity';

export enum AmendmentStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}
registerEnumType(AmendmentStatus, { name: 'AmendmentStatus' });

export interface ScheduleChange {
  trancheId: string;
  amountMinor: string;
  plannedDate: string;
}

/**
 * A tranche schedule change that alters the award total: it waits for the board, decided by the
 * same rule as the award itself (fund policy, conflicts excluded), and is applied on approval.
 */
@ObjectType({ implements: Node, description: 'A change of an award total, waiting for or decided by the board.' })
@Entity({ tableName: 'award_amendment' })
@Index({ properties: ['award'] })
export class AwardAmendment extends BaseEntity implements Node {
  get nodeId(): string {
    return globalId('AwardAmendment', this.id);
  }

  @ManyToOne(() => Award)
  award: Award;

  @Field(() => AmendmentStatus)
  @Enum({ items: () => AmendmentStatus, default: AmendmentStatus.PENDING })
  status: AmendmentStatus = AmendmentStatus.PENDING;

  @Property({ type: Minor() })
  oldTotalMinor: bigint;

  @Property({ type: Minor() })
  newTotalMinor: bigint;

  @Property({ type: 'jsonb' })
  changes: ScheduleChange[];

  @Field(() => String)
  @Property({ type: 'text' })
  reason: string;

  @Property({ type: 'uuid' })
  proposedById: string;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  decidedAt: Date | null = null;

  constructor(award: Award, oldTotal: bigint, newTotal: bigint, changes: ScheduleChange[], reason: string, by: string) {
    super();
    this.award = award;
    this.oldTotalMinor = oldTotal;
    this.newTotalMinor = newTotal;
    this.changes = changes;
    this.reason = reason;
    this.proposedById = by;
  }
}

@Entity({ tableName: 'amendment_vote' })
@Unique({ name: 'amendment_vote_one_per_member', properties: ['amendment', 'voter'] })
export class AmendmentVote extends BaseEntity {
  @ManyToOne(() => AwardAmendment)
  amendment: AwardAmendment;

  @ManyToOne(() => User)
  voter: User;

  @Enum({ items: () => VoteChoice })
  choice: VoteChoice;

  @Property({ type: 'text' })
  reason: string;

  constructor(amendment: AwardAmendment, voter: User, choice: VoteChoice, reason: string) {
    super();
    this.amendment = amendment;
    this.voter = voter;
    this.choice = choice;
    this.reason = reason;
  }
}
