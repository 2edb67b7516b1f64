import { Check, Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { BaseEntity } from '../db/base.entity';
import { Fund } from '../funds/fund.entity';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { Application } from '../applications/application.entity';
import { globalId, Node } from '../graphql/relay';

export interface CriterionScore {
  criterion: string;
  score: number;
}

/** Scores per criterion range from 0 to this value. */
export const MAX_SCORE = 10;

@ObjectType({ implements: Node, description: "A board member's (or reviewer's) scoring of an application." })
@Entity({ tableName: 'review' })
@Unique({ name: 'review_one_per_reviewer', properties: ['application', 'reviewer'] })
export class Review extends BaseEntity implements Node {
  get nodeId(): string {
    return globalId('Review', this.id);
  }

  @ManyToOne(() => Application)
  application: Application;

  @ManyToOne(() => User)
  reviewer: User;

  @Field(() => GraphQLJSON, { description: '[{ criterion, score }] with scores 0..10.' })
  @Property({ type: 'json' })
  scores: CriterionScore[];

  @Field(() => String)
  @Property({ type: 'text' })
  comment: string;

  /** Σ score × weight (weights in percent), so the weighted total is this / 100. */
  @Property({ type: 'integer' })
  weightedHundredths: number;

  constructor(application: Application, reviewer: User, scores: CriterionScore[], comment: string, weighted: number) {
    super();
    this.application = application;
    this.reviewer = reviewer;
    this.scores = scores;
    this.comment = comment;
    this.weightedHundredths = weighted;
  }

  @Field(() => Float, { description: 'Weighted total on the 0..10 scale.' })
  get weightedTotal(): number {
    return this.weightedHundredths / 100;
  }
}

@ObjectType({
  implements: Node,
  description: 'A declaration by a board member about an organisation or application: a conflict, or none.',
})
@Entity({ tableName: 'conflict_declaration' })
@Index({ properties: ['member', 'fund'] })
@Check({ name: 'conflict_declaration_target', expression: 'organization_id is not null or application_id is not null' })
export class ConflictDeclaration extends BaseEntity implements Node {
  get nodeId(): string {
    return globalId('ConflictDeclaration', this.id);
  }

  @ManyToOne(() => User)
  member: User;

  @ManyToOne(() => Fund)
  fund: Fund;

  @ManyToOne(() => Organization, { nullable: true })
  organization: Organization | null;

  @ManyToOne(() => Application, { nullable: true })
  application: Application | null;

  @Field(() => Boolean, { description: 'true: a conflict of interest; false: a confirmation of no conflict.' })
  @Property({ type: 'boolean' })
  hasConflict: boolean;

  @Field(() => String)
  @Property({ type: 'text' })
  nature: string;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  declaredAt: Date;

  constructor(
    member: User,
    fund: Fund,
    target: { organization?: Organization | null; application?: Application | null },
    hasConflict: boolean,
    nature: string,
    at: Date,
  ) {
    super();
    this.member = member;
    this.fund = fund;
    this.organization = target.organization ?? null;
    this.application = target.application ?? null;
    this.hasConflict = hasConflict;
    this.nature = nature;
    this.declaredAt = at;
  }
}

export enum VoteChoice {
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
  ABSTAIN = 'ABSTAIN',
}
registerEnumType(VoteChoice, { name: 'VoteChoice' });

@ObjectType({ implements: Node, description: "A board member's vote on a recommended application." })
@Entity({ tableName: 'board_vote' })
@Unique({ name: 'board_vote_one_per_member', properties: ['application', 'voter'] })
export class BoardVote extends BaseEntity implements Node {
  get nodeId(): string {
    return globalId('BoardVote', this.id);
  }

  @ManyToOne(() => Application)
  application: Application;

  @ManyToOne(() => User)
  voter: User;

  @Field(() => VoteChoice)
  @Enum({ items: () => VoteChoice })
  choice: VoteChoice;

  @Field(() => String)
  @Property({ type: 'text' })
  reason: string;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  castAt: Date;

  constructor(application: Application, voter: User, choice: VoteChoice, reason: string, at: Date) {
    super();
    this.application = application;
    this.voter = voter;
    this.choice = choice;
    this.reason = reason;
    this.castAt = at;
  }
}
