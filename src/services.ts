import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { TokenService } from './auth/token';
import type { Clock } from './core/clock';
import type { Actor } from './auth/actor';
import type { AuditSigner } from './audit/signing';
import type { Payments } from './payments/stripe.client';
import type { RateLimits } from './auth/rate-limit';
import type { Mailer } from './notifications/mailer';
import type { Storage } from './storage';
import type { DbPools } from './db/pools';

/** Process-wide building blocks, created once at start-up and shared by all requests. */
export interface AppServices {
  config: Config;
  orm: MikroORM;
  log: Logger;
  clock: Clock;
  tokens: TokenService;
  /** Ed25519 key that signs audit-chain checkpoints. */
  auditSigner: AuditSigner;
  /** Stripe client; null without STRIPE_SECRET_KEY (card payments answer PAYMENTS_NOT_CONFIGURED). */
  payments: Payments | null;
  /** SMTP (SMTP_URL) for account e-mails that carry a secret link and are never stored; null: not sent. */
  mailer: Mailer | null;
  /** Limits of unauthenticated mutations, stored in PostgreSQL. */
  rateLimits: RateLimits;
  /** Uploaded documents and issued PDFs (STORAGE_URL: local disk or S3-compatible). */
  storage: Storage;
  /** Heavy-read pool (gated) and read replicas, besides `orm`'s interactive pool. */
  pools: DbPools;
}

/**
 * What a service call needs besides its input, without GraphQL: a request builds it with
 * `acting(ctx)` (src/graphql/context.ts), a job, a CLI or a test builds it directly.
 */
export interface ServiceDeps {
  /** The unit of work: the request's forked EntityManager, or the job's. */
  em: EntityManager;
  app: AppServices;
  log: Logger;
  /** Ties the audit events of one request or job together. */
  requestId: string;
  /** The caller's address, for the limits of unauthenticated mutations ('local' outside HTTP). */
  clientAddress: string;
}

/** A service call made by a signed-in user. */
export interface Acting extends ServiceDeps {
  actor: Actor;
}

/** A service call that may come from anyone (login, registration). */
export interface Anyone extends ServiceDeps {
  actor: Actor | null;
}
