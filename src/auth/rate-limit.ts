import { createHash } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { GraphQLError } from 'graphql';

/**
 * The limits of unauthenticated mutations, in one place (docs/security.md explains them).
 * Request rates: attempts per window whatever their outcome. Failed logins: free attempts, then a
 * delay that doubles with every further failure up to a ceiling, so the owner with the right
 * password is at most delayed, never locked out.
 */
export const RATE_LIMITS = {
  loginPerAddress: { points: 20, seconds: 60 },
  loginPerAccount: { points: 10, seconds: 60 },
  registerPerAddress: { points: 5, seconds: 3600 },
  /** Password-reset requests: per client address, and per address asked about (nobody's inbox is flooded). */
  resetPerAddress: { points: 5, seconds: 3600 },
  resetPerAccount: { points: 3, seconds: 3600 },
  failedLogins: {
    /** One account from one client address: the attacker's own address pays most. */
    accountAddress: { free: 3, maxDelaySeconds: 900, windowSeconds: 86_400 },
    /** One client address across accounts (password spraying). */
    address: { free: 20, maxDelaySeconds: 3600, windowSeconds: 86_400 },
    /** One account across addresses (distributed guessing): a short ceiling, since the owner shares it. */
    account: { free: 5, maxDelaySeconds: 60, windowSeconds: 3600 },
  },
} as const;

export type FailureScope = keyof typeof RATE_LIMITS.failedLogins;

/** Top-level GraphQL error answered with HTTP 429 and `Retry-After` (see server.ts). */
export class RateLimitedError extends GraphQLError {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many attempts; retry in ${retryAfterSeconds} s.`, {
      extensions: { code: 'RATE_LIMITED', retryAfter: retryAfterSeconds },
    });
  }
}

function digest(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

/** Seconds a failure count earns: none for the free ones, then 1, 2, 4, … up to the ceiling. */
export function delayAfter(failures: number, scope: FailureScope): number {
  const { free, maxDelaySeconds } = RATE_LIMITS.failedLogins[scope];
  if (failures <= free) return 0;
  return Math.min(maxDelaySeconds, 2 ** Math.min(30, failures - free - 1));
}

/** Rate limits and login throttling, stored in PostgreSQL (table rate_limit) so replicas share them. */
export class RateLimits {
  private readonly requests: Record<
    'loginPerAddress' | 'loginPerAccount' | 'registerPerAddress' | 'resetPerAddress' | 'resetPerAccount',
    RateLimiterPostgres
  >;
  private readonly failures: Record<FailureScope, RateLimiterPostgres>;
  private readonly delays: RateLimiterPostgres;

  constructor(
    orm: MikroORM,
    private readonly enabled = true,
  ) {
    const store = (keyPrefix: string, points: number, duration: number) =>
      new RateLimiterPostgres({
        storeClient: orm.em.getKnex(),
        storeType: 'knex',
        tableName: 'rate_limit',
        tableCreated: true, // by a migration: the run-time role creates no tables
        keyPrefix,
        points,
        duration,
        clearExpiredByTimeout: false,
      });
    const r = RATE_LIMITS;
    this.requests = {
      loginPerAddress: store('login_addr', r.loginPerAddress.points, r.loginPerAddress.seconds),
      loginPerAccount: store('login_acct', r.loginPerAccount.points, r.loginPerAccount.seconds),
      registerPerAddress: store('register_addr', r.registerPerAddress.points, r.registerPerAddress.seconds),
      resetPerAddress: store('reset_addr', r.resetPerAddress.points, r.resetPerAddress.seconds),
      resetPerAccount: store('reset_acct', r.resetPerAccount.points, r.resetPerAccount.seconds),
    };
    const f = r.failedLogins;
    this.failures = {
      accountAddress: store('fail_acct_addr', 1_000_000, f.accountAddress.windowSeconds),
      address: store('fail_addr', 1_000_000, f.address.windowSeconds),
      account: store('fail_acct', 1_000_000, f.account.windowSeconds),
    };
    // A block is the current delay of one key; `block()` sets it, `get()` reads what is left.
    this.delays = store('delay', 1, 1);
  }

  private keys(email: string, address: string): Record<FailureScope, string> {
    return {
      accountAddress: digest(['login', email, address]),
      address: digest(['login', address]),
      account: digest(['login', email]),
    };
  }

  private async consume(limiter: RateLimiterPostgres, key: string): Promise<void> {
    try {
      await limiter.consume(key);
    } catch (e) {
      if (e instanceof RateLimiterRes) throw new RateLimitedError(Math.max(1, Math.ceil(e.msBeforeNext / 1000)));
      throw e;
    }
  }

  /** Before a password is checked: the request rates, then any delay earned by earlier failures. */
  async beforeLogin(email: string, address: string): Promise<void> {
    if (!this.enabled) return;
    await this.consume(this.requests.loginPerAddress, digest(['login', address]));
    await this.consume(this.requests.loginPerAccount, digest(['login', email]));
    const keys = this.keys(email, address);
    let wait = 0;
    for (const key of Object.values(keys)) {
      const res = await this.delays.get(key);
      if (res && res.consumedPoints > 1) wait = Math.max(wait, res.msBeforeNext);
    }
    if (wait > 0) throw new RateLimitedError(Math.max(1, Math.ceil(wait / 1000)));
  }

  /** After a wrong password (or an unknown account): count it and set the delays it earns. */
  async loginFailed(email: string, address: string): Promise<void> {
    if (!this.enabled) return;
    const keys = this.keys(email, address);
    for (const scope of Object.keys(keys) as FailureScope[]) {
      const res = await this.failures[scope].penalty(keys[scope], 1);
      const seconds = delayAfter(res.consumedPoints, scope);
      if (seconds > 0) await this.delays.block(keys[scope], seconds);
    }
  }

  /** The owner got in: this account's failures from this address are forgotten. */
  async loginSucceeded(email: string, address: string): Promise<void> {
    if (!this.enabled) return;
    const keys = this.keys(email, address);
    await this.failures.accountAddress.delete(keys.accountAddress);
    await this.delays.delete(keys.accountAddress);
  }

  async beforeRegistration(address: string): Promise<void> {
    if (!this.enabled) return;
    await this.consume(this.requests.registerPerAddress, digest(['register', address]));
  }

  /** Before a password-reset request: per client address and per e-mail address (known or not alike). */
  async beforePasswordReset(email: string, address: string): Promise<void> {
    if (!this.enabled) return;
    await this.consume(this.requests.resetPerAddress, digest(['reset', address]));
    await this.consume(this.requests.resetPerAccount, digest(['reset', email]));
  }
}
