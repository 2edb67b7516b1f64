import type { EventSubscriber, Transaction, TransactionEventArgs } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditEvent } from './audit-event.entity';
import { chainHash, GENESIS_HASH, sanitize } from './hash';
import type { Actor } from '../auth/actor';
import type { Role } from '../users/user.entity';

export interface AuditActor {
  actorId: string | null;
  actorRole: string;
  requestId: string | null;
}

/** Who an audit event is attributed to: the caller (none for the system), in the role that allowed the action. */
export function auditActor(by: { actor: Actor | null; requestId: string }, role: Role | string): AuditActor {
  return { actorId: by.actor?.userId ?? null, actorRole: role, requestId: by.requestId };
}

export interface AuditInput {
  action: string;
  entityType: string;
  entityId: string;
  fundId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

// One chain for the whole database: writers queue on this transaction-scoped lock.
const CHAIN_LOCK = 7_240_001;

/** Rows a chunk of the final multi-row insert carries (13 parameters each, well under PostgreSQL's 65,535). */
const INSERT_CHUNK = 1_000;

interface Pending {
  actor: AuditActor;
  input: AuditInput;
}

/** Events recorded in each open transaction (its knex transaction object), appended to the chain at its commit. */
const pending = new WeakMap<object, Pending[]>();

/**
 * Records audit events in the caller's transaction `tx`: they are appended to the chain when that
 * transaction commits (`appendPendingAudit`, run by `AuditChainWriter` just before the commit), so
 * the change and its audit commit together or not at all. The chain's lock is then held only from
 * that append to the commit, and a transaction that audits several times (a deciding vote: four
 * events) takes it and reads the chain head once and writes its events in one statement.
 *
 * What the caller persisted so far is flushed first, as a change always reaches the database
 * before its audit event is recorded.
 */
export async function recordAudit(
  tx: EntityManager,
  actor: AuditActor,
  inputs: AuditInput | AuditInput[],
): Promise<void> {
  const trx = tx.isInTransaction() ? tx.getTransactionContext<object>() : undefined;
  if (!trx) throw new Error('recordAudit must run inside a transaction');
  // A savepoint can roll back alone, and its events with it: nothing here needs one, so it is refused.
  if ('savepointName' in trx) throw new Error('recordAudit cannot run inside a nested transaction');
  await tx.flush();
  let list = pending.get(trx);
  if (!list) pending.set(trx, (list = []));
  for (const input of Array.isArray(inputs) ? inputs : [inputs]) list.push({ actor, input });
}

/**
 * Appends the events recorded in transaction `trx` to the chain: the chain lock (held until the
 * commit), the head, then every event in one multi-row insert. Runs inside that transaction, just
 * before its commit; an error here rolls the whole transaction back.
 */
export async function appendPendingAudit(em: EntityManager, trx: object): Promise<void> {
  const list = pending.get(trx);
  if (!list?.length) return;
  pending.delete(trx);
  const ctx = trx as Transaction;
  const conn = em.getConnection();
  await conn.execute('select pg_advisory_xact_lock(?)', [CHAIN_LOCK], 'all', ctx);
  const [last] = await conn.execute<{ last_seq: string; hash: string }[]>(
    'select seq::text as last_seq, hash from audit_event order by audit_event.seq desc limit 1',
    [],
    'all',
    ctx,
  );
  let seq = last ? BigInt(last.last_seq) : 0n;
  let prevHash = last?.hash ?? GENESIS_HASH;
  // Stamped under the lock, so time follows the sequence as it did when each append locked.
  const occurredAt = new Date();
  const events: AuditEvent[] = [];
  for (const { actor, input } of list) {
    seq += 1n;
    const payload = {
      seq: seq.toString(),
      occurredAt: occurredAt.toISOString(),
      actorId: actor.actorId,
      actorRole: actor.actorRole,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId,
      fundId: input.fundId ?? null,
      before: (sanitize(input.before ?? null) as Record<string, unknown> | null) ?? null,
      after: (sanitize(input.after ?? null) as Record<string, unknown> | null) ?? null,
      requestId: actor.requestId,
      prevHash,
    };
    const hash = chainHash(payload);
    events.push(Object.assign(new AuditEvent(), { ...payload, seq, occurredAt, hash }));
    prevHash = hash;
  }
  for (let i = 0; i < events.length; i += INSERT_CHUNK) {
    await em.insertMany(AuditEvent, events.slice(i, i + INSERT_CHUNK), { ctx });
  }
}

/**
 * Appends the events recorded so far in `tx` now, as its commit would. For a rehearsal that then
 * rolls back (a neutral answer that must run the same SQL as the real one: registration with a
 * known address, a reset for an unknown one).
 */
export async function appendAuditNow(tx: EntityManager): Promise<void> {
  const trx = tx.getTransactionContext<object>();
  if (trx) await appendPendingAudit(tx, trx);
}

/** Writes each transaction's recorded audit events just before it commits (registered on every ORM). */
export class AuditChainWriter implements EventSubscriber {
  async beforeTransactionCommit(args: TransactionEventArgs): Promise<void> {
    if (args.transaction) await appendPendingAudit(args.em as EntityManager, args.transaction);
  }
}

/** The fields that differ between two snapshots, as { before, after }. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const x = sanitize(before[k]);
    const y = sanitize(after[k]);
    if (JSON.stringify(x) !== JSON.stringify(y)) {
      b[k] = x;
      a[k] = y;
    }
  }
  return { before: b, after: a };
}
