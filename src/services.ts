import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { TokenService } from './auth/token';
import type { Clock } from './core/clock';
import type { AuditSigner } from './audit/signing';
import type { Payments } from './payments/stripe.client';
import type { RateLimits } from './auth/rate-limit';

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
  /** Limits of unauthenticated mutations, stored in PostgreSQL. */
  rateLimits: RateLimits;
}
