import { Check, Entity, Index, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../../db/base.entity';

export type IssuedKind = 'CONTRIBUTION_RECEIPT' | 'AWARD_LETTER' | 'FUND_STATEMENT';

/**
 * A PDF the fund sent, stored once when it was issued. A later download of the same content (same
 * subject, language, period and figures) serves these stored bytes, so the file a recipient or an
 * auditor holds is byte for byte the one whose SHA-256 the audit trail recorded. Immutable (trigger).
 */
@Entity({ tableName: 'issued_pdf' })
@Index({ properties: ['entityId', 'kind'] })
@Check({ name: 'issued_pdf_sha256', expression: "sha256 ~ '^[0-9a-f]{64}$'" })
export class IssuedPdf extends BaseEntity {
  @Property({ type: 'string', length: 30 })
  kind!: IssuedKind;

  @Property({ type: 'string', length: 30 })
  entityType!: string;

  @Property({ type: 'uuid' })
  entityId!: string;

  @Property({ type: 'uuid' })
  fundId!: string;

  @Property({ type: 'string', length: 2 })
  lang!: string;

  /** SHA-256 of what the document says (everything but its issue date): the same content is issued once. */
  @Unique()
  @Property({ type: 'string', length: 64 })
  contentKey!: string;

  @Property({ type: 'string', length: 200 })
  fileName!: string;

  @Property({ type: 'string', length: 120 })
  storageKey!: string;

  @Property({ type: 'string', length: 64 })
  sha256!: string;

  @Property({ type: 'integer' })
  size!: number;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  issuedAt!: Date;

  @Property({ type: 'uuid' })
  issuedById!: string;
}
