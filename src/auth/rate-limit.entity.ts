import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The store of rate-limiter-flexible's RateLimiterPostgres (its own column layout), shared by every
 * replica. Keys are SHA-256 digests, so no e-mail address or client address is stored in clear.
 */
@Entity({ tableName: 'rate_limit' })
export class RateLimit {
  @PrimaryKey({ type: 'string', length: 255 })
  key!: string;

  @Property({ type: 'integer', default: 0 })
  points = 0;

  /** Milliseconds since the epoch; null: never expires. */
  @Property({ type: 'bigint', nullable: true })
  expire: string | null = null;
}
