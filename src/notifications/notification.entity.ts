import { Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../db/base.entity';
import { globalId, Node } from '../graphql/relay';
import { User } from '../users/user.entity';

/**
 * An in-app message to one user, also mailed when SMTP is configured. `dedupeKey` is unique:
 * a job that runs again (or after a restart) inserts nothing and so sends nothing twice.
 */
@ObjectType({ implements: Node, description: 'A message to the signed-in user (reminders, overdue reports).' })
@Entity({ tableName: 'notification' })
@Unique({ name: 'notification_dedupe_key', properties: ['dedupeKey'] })
@Index({ properties: ['user', 'id'] })
export class Notification extends BaseEntity implements Node {
  get nodeId(): string {
    return globalId('Notification', this.id);
  }

  @ManyToOne(() => User)
  user: User;

  @Field(() => String, { description: 'REPORT_DUE_SOON, REPORT_OVERDUE, PLEDGE_DUE_SOON, CALL_CLOSING_SOON, …' })
  @Property({ type: 'string', length: 64 })
  kind: string;

  @Field(() => String)
  @Property({ type: 'string', length: 300 })
  subject: string;

  @Field(() => String)
  @Property({ type: 'text' })
  body: string;

  @Field(() => String, { nullable: true, description: 'GraphQL type of the object it is about.' })
  @Property({ type: 'string', length: 64, nullable: true })
  entityType: string | null;

  @Property({ type: 'uuid', nullable: true })
  entityId: string | null;

  @Property({ type: 'string', length: 300 })
  dedupeKey: string;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  readAt: Date | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  emailedAt: Date | null = null;

  constructor(init: {
    user: User;
    kind: string;
    subject: string;
    body: string;
    entityType: string | null;
    entityId: string | null;
    dedupeKey: string;
  }) {
    super();
    this.user = init.user;
    this.kind = init.kind;
    this.subject = init.subject;
    this.body = init.body;
    this.entityType = init.entityType;
    this.entityId = init.entityId;
    this.dedupeKey = init.dedupeKey;
  }
}
