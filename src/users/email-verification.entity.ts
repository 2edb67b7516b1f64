import { Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { User } from './user.entity';

/**
 * A link that proves an e-mail address, sent at registration and on request: single use
 * (`usedAt`), expiring; only the SHA-256 digest of its token is stored (as for password resets).
 */
@Entity({ tableName: 'email_verification' })
@Index({ properties: ['user'] })
export class EmailVerification extends BaseEntity {
  @ManyToOne(() => User)
  user: User;

  @Property({ type: 'string', length: 64 })
  @Unique()
  tokenHash: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  usedAt: Date | null = null;

  constructor(user: User, tokenHash: string, now: Date, expiresAt: Date) {
    super();
    this.user = user;
    this.tokenHash = tokenHash;
    this.createdAt = now;
    this.expiresAt = expiresAt;
  }
}
