import { AsyncLocalStorage } from 'node:async_hooks';
import type { MikroORM } from '@mikro-orm/postgresql';

/** A pooled `pg` connection as knex hands it to `_query` (`processID` is the server backend's pid). */
interface PgConnection {
  processID: number;
}

/** The part of knex's PostgreSQL client used here (internal methods knex itself uses for `.timeout(…, { cancel })`). */
interface KnexPgClient {
  _query(conn: PgConnection, obj: unknown): Promise<unknown>;
  /** Sends pg_cancel_backend(conn.processID) on a new connection outside the pool. */
  cancelQuery(conn: PgConnection): Promise<unknown>;
}

/** What one HTTP request has going on in the database. */
export interface RequestScope {
  /** Statements issued so far (reported to tests and benchmarks outside production). */
  statements: number;
  /** Connections running one of this request's statements right now. */
  running: Map<PgConnection, KnexPgClient>;
  /** False for a mutation: it runs to its commit or rollback even when its client leaves. */
  cancellable: boolean;
  /** The client went away before its answer: running reads were cancelled, further statements are refused. */
  abandoned: boolean;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** Runs `fn` with a fresh request scope (statement counter, running statements). */
export function withRequestScope<T>(fn: () => T): T {
  return storage.run({ statements: 0, running: new Map(), cancellable: true, abandoned: false }, fn);
}

export function currentScope(): RequestScope | undefined {
  return storage.getStore();
}

/** Statements issued so far by the current request, or null outside one. */
export function sqlStatements(): number | null {
  return storage.getStore()?.statements ?? null;
}

/** The current request changes data: it is never cancelled half-way by its client leaving. */
export function markNotCancellable(): void {
  const s = storage.getStore();
  if (s) s.cancellable = false;
}

/** Raised for a statement of a request whose client has gone: nobody will read its answer. */
export class RequestAbandonedError extends Error {
  constructor() {
    super('The client went away; the request was stopped.');
    this.name = 'RequestAbandonedError';
  }
}

/**
 * The client of `scope` went away before its answer. A read's running statements are cancelled
 * (`pg_cancel_backend` on a connection of its own, so a full pool cannot delay it) and its next ones
 * refused, so its pooled connections are free again at once. A mutation is left to finish: its
 * transaction commits or rolls back as a whole, bounded by the statement timeout.
 */
export async function abandon(scope: RequestScope): Promise<number> {
  if (!scope.cancellable || scope.abandoned) return 0;
  scope.abandoned = true;
  const running = [...scope.running];
  await storage.exit(() =>
    Promise.all(running.map(([conn, client]) => client.cancelQuery(conn).catch(() => undefined))),
  );
  return running.length;
}

const installed = new WeakSet<object>();

/**
 * Attributes every statement knex sends on this ORM to the request that caused it: counted, and
 * tracked while it runs so that `abandon` can cancel it (once per ORM, however many servers share it).
 */
export function installRequestScope(orm: MikroORM): void {
  const knex = orm.em.getKnex();
  if (installed.has(knex)) return;
  installed.add(knex);
  knex.on('query', () => {
    const s = storage.getStore();
    if (s) s.statements += 1;
  });
  const client = knex.client as unknown as KnexPgClient;
  const query = client._query.bind(client);
  client._query = function trackedQuery(conn: PgConnection, obj: unknown) {
    const s = storage.getStore();
    if (!s) return query(conn, obj);
    if (s.abandoned) return Promise.reject(new RequestAbandonedError());
    s.running.set(conn, client);
    return query(conn, obj).finally(() => s.running.delete(conn));
  };
}
