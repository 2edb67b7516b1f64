import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../db/base.entity';
import { Fund } from '../funds/fund.entity';
import type { Dimension } from './dimensions';
import type { PublishedDimension } from './suppression';

/** The victim figures as published: already suppressed, never recomputed. */
export interface PublishedVictims {
  total: string;
  dimensions: Record<Dimension, PublishedDimension>;
}

/**
 * The public victim statistics of a fund for one closed quarter, frozen once written (no update
 * path): publishing per closed period, instead of computing live, is what keeps one report's
 * counts from being read as the difference of two answers (docs/transparency.md).
 */
@ObjectType({ description: 'A frozen publication of the victim statistics of a fund for one closed quarter.' })
@Entity({ tableName: 'statistics_publication' })
@Unique({ properties: ['fund', 'period'] })
export class StatisticsPublication extends BaseEntity {
  @ManyToOne(() => Fund)
  fund: Fund;

  /** YYYY-Qn. */
  @Field(() => String)
  @Property({ type: 'string', length: 7 })
  period: string;

  /** First day of the quarter, YYYY-MM-DD. */
  @Field(() => String)
  @Property({ type: 'date' })
  periodStart: string;

  /** Last day of the quarter, YYYY-MM-DD (reports accepted before the next day count). */
  @Field(() => String)
  @Property({ type: 'date' })
  periodEnd: string;

  /** The reports the figures count (sorted ids). */
  @Property({ type: 'json' })
  reportIds: string[];

  @Field(() => Int, { description: 'Accepted reports counted.' })
  get reportsCounted(): number {
    return this.reportIds.length;
  }

  @Property({ type: 'json' })
  victims: PublishedVictims;

  @Field(() => Boolean, {
    description: 'True when only one report changed since the previous publication: its figures are repeated.',
  })
  /** True when fewer than two reports changed since the previous publication, whose figures it repeats. */
  @Property({ type: 'boolean' })
  carriedForward: boolean;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  publishedAt: Date;

  /** Null when the scheduled job published it. */
  @Property({ type: 'uuid', nullable: true })
  publishedById: string | null;

  constructor(init: {
    fund: Fund;
    period: string;
    periodStart: string;
    periodEnd: string;
    reportIds: string[];
    victims: PublishedVictims;
    carriedForward: boolean;
    publishedAt: Date;
    publishedById: string | null;
  }) {
    super();
    this.fund = init.fund;
    this.period = init.period;
    this.periodStart = init.periodStart;
    this.periodEnd = init.periodEnd;
    this.reportIds = init.reportIds;
    this.victims = init.victims;
    this.carriedForward = init.carriedForward;
    this.publishedAt = init.publishedAt;
    this.publishedById = init.publishedById;
  }
}
