import { ConnectionException } from '@mikro-orm/core';

/** SQLSTATEs of a server going away (class 08: connection exception; 57P0x: shutdown, crash, starting up). */
const STATES = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03']);
const SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND']);
// knex rolls a transaction back when its connection dies; the transaction's next query then says so.
const MESSAGES =
  /Transaction query already complete|Connection terminated|Connection ended unexpectedly|encountered a connection error and is not queryable|Client was closed and is not queryable|Timeout acquiring a connection|the database system is (starting up|shutting down)/i;

/**
 * Whether an error means the database cannot be reached right now (as opposed to a bug): the
 * request may be retried, so it is answered 503 rather than masked as an internal error.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as Record<string, unknown> | null | undefined, depth = 0; e && depth < 5; depth++) {
    if (e instanceof ConnectionException) return true;
    const code = typeof e.code === 'string' ? e.code : undefined;
    if (code && (STATES.has(code) || SOCKET.has(code))) return true;
    if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
    e = (e.previous ?? e.cause ?? (e as { originalError?: unknown }).originalError) as typeof e;
  }
  return false;
}

/** Walks an error and the errors it wraps (MikroORM's DriverException keeps the `pg` error as `previous`). */
function causes(err: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let e = err as Record<string, unknown> | null | undefined, depth = 0; e && depth < 5; depth++) {
    out.push(e);
    e = (e.previous ?? e.cause ?? (e as { originalError?: unknown }).originalError) as typeof e;
  }
  return out;
}

/** PostgreSQL cancelled a statement because it ran past the pool's statement_timeout (SQLSTATE 57014). */
export function isStatementTimeout(err: unknown): boolean {
  return causes(err).some(
    (e) => e.code === '57014' && typeof e.message === 'string' && /statement timeout/i.test(e.message),
  );
}

/** A statement cancelled because its client went away (pg_cancel_backend, SQLSTATE 57014 "user request"). */
export function isCancelledByClient(err: unknown): boolean {
  return causes(err).some(
    (e) =>
      (e as { name?: unknown }).name === 'RequestAbandonedError' ||
      (e.code === '57014' && typeof e.message === 'string' && /user request/i.test(e.message)),
  );
}
