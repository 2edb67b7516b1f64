import { Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../db/base.entity';
import { UserToken } from './user-token.entity';
import { globalId, Node } from '../graphql/relay';
import { User } from '../users/user.entity';

/** Why a session ended. */
export enum SessionEnd {
  LOGOUT = 'LOGOUT',
  LOGOUT_EVERYWHERE = 'LOGOUT_EVERYWHERE',
  REVOKED = 'REVOKED',
  /** A refresh token that had already been exchanged was presented again: the whole family ends. */
  REFRESH_REUSED = 'REFRESH_REUSED',
  PASSWORD_CHANGED = 'PASSWORD_CHANGED',
  DEACTIVATED = 'DEACTIVATED',
  ROLE_REVOKED = 'ROLE_REVOKED',
}
registerEnumType(SessionEnd, { name: 'SessionEnd', description: 'Why a session ended.' });

/**
 * A signed-in device: created by `login`, kept alive by refresh tokens, ended by logout, by its
 * owner from another device, or by a change that must sign the user out (password, deactivation,
 * role revoked). Access tokens name their session and are refused once it has ended.
 */
@ObjectType({ implements: Node, description: 'A signed-in device of the caller.' })
@Entity({ tableName: 'auth_session' })
@Index({ properties: ['user', 'revokedAt'] })
export class Session extends BaseEntity implements Node {
  get nodeId(): string {
    return globalId('Session', this.id);
  }

  @ManyToOne(() => User)
  user: User;

  @Field(() => String, { nullable: true, description: 'The browser or client that signed in (User-Agent).' })
  @Property({ type: 'string', length: 400, nullable: true })
  userAgent: string | null;

  @Field(() => Date, { description: 'Last login or refresh of this session.' })
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  lastUsedAt: Date;

  @Field(() => Date, { description: 'The session ends at this time whatever happens (absolute lifetime).' })
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  expiresAt: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;

  @Field(() => SessionEnd, { nullable: true })
  @Enum({ items: () => SessionEnd, nullable: true })
  endReason: SessionEnd | null = null;

  /** When this session last passed a second factor (step-up); null: never. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  secondFactorAt: Date | null = null;

  constructor(user: User, userAgent: string | null, now: Date, expiresAt: Date) {
    super();
    this.user = user;
    this.userAgent = userAgent ? userAgent.slice(0, 400) : null;
    this.createdAt = now;
    this.lastUsedAt = now;
    this.expiresAt = expiresAt;
  }
}

/**
 * One refresh token of a session (its family). Only the SHA-256 digest of the opaque token is
 * stored. Each token is exchanged once (`usedAt`); presenting it again ends the session.
 */
@Entity({ tableName: 'refresh_token' })
@Index({ properties: ['session'] })
export class RefreshToken extends BaseEntity {
  @ManyToOne(() => Session)
  session: Session;

  @Property({ type: 'string', length: 64 })
  @Unique()
  tokenHash: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  usedAt: Date | null = null;

  constructor(session: Session, tokenHash: string, now: Date, expiresAt: Date) {
    super();
    this.session = session;
    this.tokenHash = tokenHash;
    this.createdAt = now;
    this.expiresAt = expiresAt;
  }
}

/**
 * A password-reset link sent by e-mail: single use (`usedAt`), expiring; only the SHA-256 digest of
 * its token is stored.
 */
@Entity({ tableName: 'password_reset' })
@Index({ properties: ['user'] })
export class PasswordReset extends UserToken {}
