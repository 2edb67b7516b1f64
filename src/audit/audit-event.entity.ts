import { BigIntType, Check, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { globalId, Node } from '../graphql/relay';

/** One link of the append-only, hash-chained audit trail. */
@ObjectType({ implements: Node })
@Entity({ tableName: 'audit_event' })
@Check({ name: 'audit_event_seq_positive', expression: 'seq > 0' })
@Index({ properties: ['entityType', 'entityId', 'seq'] })
@Index({ properties: ['actorId', 'seq'] })
@Index({ properties: ['action', 'seq'] })
@Index({ properties: ['fundId', 'seq'] })
@Index({ properties: ['occurredAt'] })
export class AuditEvent implements Node {
  get nodeId(): string {
    return globalId('AuditEvent', this.seq.toString());
  }

  @PrimaryKey({ type: new BigIntType('bigint'), autoincrement: false })
  seq!: bigint;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  occurredAt!: Date;

  @Field(() => String, { nullable: true, description: 'User id of the actor, null for a system actor.' })
  @Property({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @Field(() => String, { description: 'Role the actor acted in, or system:<name>.' })
  @Property({ type: 'string', length: 64 })
  actorRole!: string;

  @Field(() => String, { description: 'e.g. organization.vet' })
  @Property({ type: 'string', length: 100 })
  action!: string;

  @Field(() => String)
  @Property({ type: 'string', length: 64 })
  entityType!: string;

  @Field(() => String, { description: 'Database id of the entity (see entityGlobalId).' })
  @Property({ type: 'string', length: 64 })
  entityId!: string;

  @Property({ type: 'uuid', nullable: true })
  fundId!: string | null;

  @Field(() => GraphQLJSON, { nullable: true, description: 'Changed fields before the change.' })
  @Property({ type: 'json', nullable: true })
  before!: Record<string, unknown> | null;

  @Field(() => GraphQLJSON, { nullable: true, description: 'Changed fields after the change.' })
  @Property({ type: 'json', nullable: true })
  after!: Record<string, unknown> | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 64, nullable: true })
  requestId!: string | null;

  @Field(() => String)
  @Property({ type: 'string', length: 64 })
  prevHash!: string;

  @Field(() => String)
  @Property({ type: 'string', length: 64 })
  hash!: string;
}
