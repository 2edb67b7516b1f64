import { Check, Entity, Enum, Index, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../db/base.entity';
import { globalId, Node } from '../graphql/relay';
import { DocumentSlot, type OwnerType } from './document-slots';

export enum DocumentStatus {
  /** Received and stored, not attached yet (removed after a day if never attached). */
  UPLOADED = 'UPLOADED',
  /** The scanning hook refused it: kept apart, never served, never attached. */
  QUARANTINED = 'QUARANTINED',
  ATTACHED = 'ATTACHED',
}
registerEnumType(DocumentStatus, { name: 'DocumentStatus' });

/**
 * One uploaded file. Immutable: its bytes, hash and name never change; a new version of a document
 * is a new upload attached to the same slot (the older versions stay readable).
 */
@ObjectType({ implements: Node, description: 'A file attached to an organisation, application or report.' })
@Entity({ tableName: 'document' })
@Index({ properties: ['ownerId', 'slot'] })
@Index({ properties: ['status', 'createdAt'] })
@Check({ name: 'document_sha256', expression: "sha256 ~ '^[0-9a-f]{64}$'" })
@Check({ name: 'document_size', expression: 'size >= 0' })
export class Document extends BaseEntity implements Node {
  get nodeId(): string {
    return globalId('Document', this.id);
  }

  @Property({ type: 'string', length: 20 })
  ownerType!: OwnerType;

  /** The owner's database id (organisation, application or report). */
  @Property({ type: 'uuid' })
  ownerId!: string;

  @Field(() => DocumentSlot)
  @Enum({ items: () => DocumentSlot })
  slot!: DocumentSlot;

  @Field(() => String, {
    nullable: true,
    description: "The call's required-document name (APPLICATION_CALL_DOCUMENT).",
  })
  @Property({ type: 'string', length: 64, nullable: true })
  requirement: string | null = null;

  @Field(() => String, { description: 'Sanitised file name; its extension is the sniffed type.' })
  @Property({ type: 'string', length: 200 })
  fileName!: string;

  @Field(() => String, { description: 'MIME type found by content sniffing (magic bytes), not from the name.' })
  @Property({ type: 'string', length: 100 })
  contentType!: string;

  @Field(() => Int, { description: 'Size in bytes.' })
  @Property({ type: 'integer' })
  size!: number;

  @Field(() => String, { description: 'SHA-256 of the bytes, hex; also in the audit event of the attach.' })
  @Property({ type: 'string', length: 64 })
  sha256!: string;

  @Property({ type: 'string', length: 120 })
  storageKey!: string;

  @Field(() => DocumentStatus)
  @Enum({ items: () => DocumentStatus })
  status: DocumentStatus = DocumentStatus.UPLOADED;

  @Property({ type: 'uuid' })
  uploadedById!: string;

  @Field(() => Int, { nullable: true, description: 'Version within its owner and slot (1, 2, …), set on attach.' })
  @Property({ type: 'integer', nullable: true })
  version: number | null = null;

  @Property({ type: 'uuid', nullable: true })
  attachedById: string | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  attachedAt: Date | null = null;

  /** What the scanning hook printed when it refused the file (for the operator). */
  @Property({ type: 'text', nullable: true })
  scanOutput: string | null = null;

  @Field(() => Date)
  get uploadedAt(): Date {
    return this.createdAt;
  }
}
