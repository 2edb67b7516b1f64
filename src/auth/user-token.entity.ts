import { ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { User } from '../users/user.entity';

/**
 * A single-use, expiring secret sent to or held for a user: a password-reset link, an e-mail
 * verification link, the second step of a login. Only the SHA-256 digest of its token is stored;
 * `usedAt` marks it spent. Each kind is its own table with these columns.
 */
export abstract class UserToken extends BaseEntity {
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
