import { Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { UserToken } from './user-token.entity';
import { User } from '../users/user.entity';

/**
 * A user's authenticator app (TOTP, RFC 6238). The shared secret is stored encrypted
 * (AES-256-GCM, `src/auth/totp.ts`) and never leaves the API after enrolment started. Unconfirmed
 * until the user proves the app works with a first code. `lastUsedStep` is the time step of the
 * last accepted code: a code of that step or an older one is refused (no replay).
 */
@Entity({ tableName: 'totp_credential' })
export class TotpCredential extends BaseEntity {
  @ManyToOne(() => User)
  @Unique()
  user: User;

  @Property({ type: 'string', length: 200 })
  secretCiphertext: string;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  confirmedAt: Date | null = null;

  @Property({ type: 'integer', nullable: true })
  lastUsedStep: number | null = null;

  constructor(user: User, secretCiphertext: string, now: Date) {
    super();
    this.user = user;
    this.secretCiphertext = secretCiphertext;
    this.createdAt = now;
  }
}

/** A one-time recovery code (for a lost phone): only its SHA-256 digest is kept; each works once. */
@Entity({ tableName: 'recovery_code' })
@Index({ properties: ['user'] })
@Unique({ properties: ['user', 'codeHash'] })
export class RecoveryCode extends BaseEntity {
  @ManyToOne(() => User)
  user: User;

  @Property({ type: 'string', length: 64 })
  codeHash: string;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  usedAt: Date | null = null;

  constructor(user: User, codeHash: string, now: Date) {
    super();
    this.user = user;
    this.codeHash = codeHash;
    this.createdAt = now;
  }
}

/**
 * The second step of a login for a user with a second factor: the password was right, the session
 * starts only when a code (or a passkey) follows. Short-lived, single use, a few attempts; only the
 * SHA-256 digest of its token is stored. A passkey login keeps its WebAuthn challenge here too.
 */
@Entity({ tableName: 'login_challenge' })
@Index({ properties: ['user'] })
export class LoginChallenge extends UserToken {
  @Property({ type: 'integer', default: 0 })
  failedAttempts = 0;

  @Property({ type: 'string', length: 400, nullable: true })
  userAgent: string | null;

  constructor(user: User, tokenHash: string, now: Date, expiresAt: Date, userAgent: string | null) {
    super(user, tokenHash, now, expiresAt);
    this.userAgent = userAgent ? userAgent.slice(0, 400) : null;
  }
}

/**
 * A WebAuthn credential (passkey) of a user: its public key (COSE, base64url) and signature counter;
 * an assertion whose counter does not grow (when the authenticator keeps one) is refused as a clone.
 */
@Entity({ tableName: 'passkey' })
@Index({ properties: ['user'] })
export class Passkey extends BaseEntity {
  @ManyToOne(() => User)
  user: User;

  /** base64url credential id, as the browser reports it. */
  @Property({ type: 'string', length: 1400 })
  @Unique()
  credentialId: string;

  @Property({ type: 'text' })
  publicKey: string;

  @Property({ type: 'bigint', columnType: 'bigint' })
  counter: number;

  @Property({ type: 'json', nullable: true })
  transports: string[] | null = null;

  @Property({ type: 'string', length: 100 })
  name: string;

  @Property({ type: 'boolean', default: false })
  backedUp = false;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  lastUsedAt: Date | null = null;

  constructor(user: User, credentialId: string, publicKey: string, counter: number, name: string, now: Date) {
    super();
    this.user = user;
    this.credentialId = credentialId;
    this.publicKey = publicKey;
    this.counter = counter;
    this.name = name;
    this.createdAt = now;
  }
}

/** What a WebAuthn challenge was handed out for. */
export enum WebAuthnPurpose {
  REGISTER = 'REGISTER',
  STEP_UP = 'STEP_UP',
  LOGIN = 'LOGIN',
}

/** A WebAuthn challenge kept server-side: single use (`usedAt`), short-lived, bound to its purpose. */
@Entity({ tableName: 'webauthn_challenge' })
export class WebAuthnChallenge extends BaseEntity {
  @ManyToOne(() => User, { nullable: true })
  user: User | null;

  @Property({ type: 'string', length: 100 })
  @Unique()
  challenge: string;

  @Property({ type: 'string', length: 16 })
  purpose: WebAuthnPurpose;

  /** For a login's second step: the login challenge it belongs to. */
  @Property({ type: 'uuid', nullable: true })
  loginChallengeId: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  usedAt: Date | null = null;

  constructor(user: User | null, challenge: string, purpose: WebAuthnPurpose, now: Date, expiresAt: Date) {
    super();
    this.user = user;
    this.challenge = challenge;
    this.purpose = purpose;
    this.createdAt = now;
    this.expiresAt = expiresAt;
  }
}
