import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { openOrm, type SessionSettings } from './orm';
import { currentScope, installRequestScope, RequestAbandonedError } from './request-scope';

/** Session settings of the interactive pool (every GraphQL request, the short statement timeout). */
export function interactiveSession(config: Config): SessionSettings {
  return { statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS, applicationName: 'vtf-api' };
}

/** Session settings of the heavy-read pool on the primary. */
export function heavySession(config: Config): SessionSettings {
  return { statementTimeoutMs: config.DB_HEAVY_STATEMENT_TIMEOUT_MS, applicationName: 'vtf-api-heavy' };
}

/** Session settings of a replica's pool. */
export function replicaSession(config: Config): SessionSettings {
  return { statementTimeoutMs: config.DB_HEAVY_STATEMENT_TIMEOUT_MS, applicationName: 'vtf-api-replica' };
}

/** Every heavy slot and queue place is taken: 503 with Retry-After (see server.ts), nothing piles up. */
export class ServerBusyError extends GraphQLError {
  constructor(readonly retryAfterSeconds: number) {
    super(`The server is busy with other reports and exports; retry in ${retryAfterSeconds} s.`, {
      extensions: { code: 'SERVER_BUSY', retryAfter: retryAfterSeconds },
    });
  }
}

/** At most `max` holders at once and `queueMax` waiting; one more is refused at once. */
export class Gate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly max: number,
    readonly queueMax: number,
  ) {}

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(fn: () => Promise<T>, retryAfterSeconds: number): Promise<T> {
    if (this.active >= this.max) {
      if (this.waiting.length >= this.queueMax) throw new ServerBusyError(retryAfterSeconds);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
      // The slot was handed over by the request that left it (active not decremented).
    } else this.active++;
    try {
      // A request whose client left while it waited gives its turn away at once.
      if (currentScope()?.abandoned) throw new RequestAbandonedError();
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/** What a heavy read reads: whether it may be a little behind the primary, and whose session it serves. */
export interface HeavyRead {
  /** Statements of closed periods, exports, statistics, auditor queries: a replica may answer. */
  staleOk: boolean;
  /** The signed-in user (read-your-writes), or null for anonymous public reads. */
  userId: string | null;
}

/** How long a replica that failed is skipped before it is tried again. */
const REPLICA_RETRY_MS = 10_000;

export type ReadTarget = 'primary-heavy' | `replica-${number}`;

/**
 * The database pools besides the interactive one (the ORM every request forks):
 * - heavy reads (fund statements, ledger checks, exports, statistics) run on a small pool of their
 *   own, DB_HEAVY_POOL_MAX connections with the long statement timeout, behind a gate that lets
 *   DB_HEAVY_QUEUE_MAX more wait and refuses the next with SERVER_BUSY, so they never take the
 *   connections interactive requests need;
 * - with DATABASE_REPLICA_URLS, stale-tolerant reads go to a replica, unless the caller's own
 *   latest write has not reached it yet (read-your-writes, see `chooseReplica`).
 * Pools open on first use (most test servers never need them) and close with the server.
 */
export class DbPools {
  readonly heavyGate: Gate;
  private heavyOrm: Promise<MikroORM> | null = null;
  private readonly replicaOrms: (Promise<MikroORM> | null)[];
  /** A replica that failed is left alone until then (ms since the epoch). */
  private readonly downUntil: number[];
  private next = 0;
  /** Where the last reads went, for tests and the debug log. */
  readonly routed: ReadTarget[] = [];

  constructor(
    private readonly config: Config,
    readonly primary: MikroORM,
    private readonly log: Logger,
  ) {
    this.heavyGate = new Gate(config.DB_HEAVY_POOL_MAX, config.DB_HEAVY_QUEUE_MAX);
    this.replicaOrms = config.replicaUrls.map(() => null);
    this.downUntil = config.replicaUrls.map(() => 0);
  }

  get replicaCount(): number {
    return this.replicaOrms.length;
  }

  private async open(url: string, poolMax: number, session: SessionSettings): Promise<MikroORM> {
    const orm = await openOrm(url, poolMax, false, session);
    // MikroORM connects at init, so a replica that is down fails here and is retried later.
    installRequestScope(orm);
    return orm;
  }

  private heavy(): Promise<MikroORM> {
    if (!this.heavyOrm) {
      // The URL with its password: getClientUrl(true) masks it, and a password-protected server
      // (the embedded one) then refuses every heavy read.
      const url = this.primary.config.getClientUrl();
      this.heavyOrm = this.open(url, this.config.DB_HEAVY_POOL_MAX, heavySession(this.config));
      this.heavyOrm.catch(() => (this.heavyOrm = null));
    }
    return this.heavyOrm;
  }

  private replica(i: number): Promise<MikroORM> {
    let orm = this.replicaOrms[i];
    if (!orm) {
      orm = this.open(this.config.replicaUrls[i], this.config.DB_POOL_MAX, replicaSession(this.config));
      orm.catch(() => (this.replicaOrms[i] = null));
      this.replicaOrms[i] = orm;
    }
    return orm;
  }

  /**
   * A replica that has replayed the caller's latest write, else null (the primary answers).
   * Every change writes its audit event in its own transaction (docs/ARCHITECTURE.md), so the
   * caller's newest audit event on the primary (index audit_event (actor_id, seq)) is also on a
   * replica exactly when that replica has replayed the caller's latest change. This holds whichever
   * server took the write: nothing is remembered in the process. A replica that cannot be reached
   * is skipped for REPLICA_RETRY_MS (logged). Costs one indexed statement on the primary (signed-in
   * callers) and one on the replica.
   */
  async chooseReplica(userId: string | null): Promise<{ index: number; orm: MikroORM } | null> {
    if (!this.replicaOrms.length) return null;
    let latest: string | null = null;
    if (userId) {
      const [row] = await this.primary.em
        .getConnection()
        .execute<{ seq: string | null }[]>('select max(seq)::text as seq from audit_event where actor_id = ?', [
          userId,
        ]);
      latest = row?.seq ?? null;
    }
    const now = Date.now();
    for (let k = 0; k < this.replicaOrms.length; k++) {
      const index = (this.next + k) % this.replicaOrms.length;
      if (this.downUntil[index] > now) continue;
      try {
        const orm = await this.replica(index);
        // One statement on the replica: it answers (else the primary does) and has the caller's writes.
        const [row] = await orm.em
          .getConnection()
          .execute<{ seen: boolean }[]>(
            latest === null
              ? 'select true as seen'
              : 'select exists (select 1 from audit_event where actor_id = ? and seq >= ?) as seen',
            latest === null ? [] : [userId, latest],
          );
        if (!row?.seen) continue;
        this.next = index + 1;
        return { index, orm };
      } catch (err) {
        this.downUntil[index] = Date.now() + REPLICA_RETRY_MS;
        this.log.warn({ err, replica: index }, 'replica unavailable: reading from the primary');
      }
    }
    return null;
  }

  /**
   * Runs a heavy read through the heavy gate, on a replica when `read.staleOk` and one has the
   * caller's writes, else on the primary's heavy pool. `fn` gets an EntityManager of its own.
   */
  async heavyRead<T>(read: HeavyRead, fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.heavyGate.run(async () => {
      const replica = read.staleOk ? await this.chooseReplica(read.userId) : null;
      const orm = replica ? replica.orm : await this.heavy();
      this.note(replica ? `replica-${replica.index}` : 'primary-heavy');
      return fn(orm.em.fork());
    }, 2);
  }

  /** An interactive stale-tolerant read (the auditor's queries): a replica when one has the caller's writes, else `primary`. */
  async staleRead(userId: string | null, primary: EntityManager): Promise<EntityManager> {
    const replica = await this.chooseReplica(userId);
    if (!replica) return primary;
    this.note(`replica-${replica.index}`);
    return replica.orm.em.fork();
  }

  private note(target: ReadTarget): void {
    this.routed.push(target);
    if (this.routed.length > 100) this.routed.shift();
  }

  async close(): Promise<void> {
    const orms = [this.heavyOrm, ...this.replicaOrms].filter((o): o is Promise<MikroORM> => o !== null);
    this.heavyOrm = null;
    for (let i = 0; i < this.replicaOrms.length; i++) this.replicaOrms[i] = null;
    await Promise.all(orms.map((o) => o.then((orm) => orm.close(true)).catch(() => undefined)));
  }
}
