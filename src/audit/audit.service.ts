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

/**
 * Transactions (knex transaction objects; a savepoint has its own) that already hold CHAIN_LOCK:
 * a transaction that appends several times (a deciding vote appends four times) locks once. The
 * lock lasts until that transaction ends, and a savepoint's is released with it when it rolls
 * back, which is why a savepoint does not inherit its parent's entry (it locks again, a no-op).
 */
const chainLocked = new WeakSet<object>();

/**
 * Appends events to the chain inside the caller's transaction `tx`, so the change and its
 * audit commit together or not at all. The advisory lock is held until that commit.
 */
export async function recordAudit(
  tx: EntityManager,
  actor: AuditActor,
  inputs: AuditInput | AuditInput[],
): Promise<AuditEvent[]> {
  if (!tx.isInTransaction()) throw new Error('recordAudit must run inside a transaction');
  const list = Array.isArray(inputs) ? inputs : [inputs];
  const trx = tx.getTransactionContext<object>();
  if (!trx || !chainLocked.has(trx)) {
    await tx.execute('select pg_advisory_xact_lock(?)', [CHAIN_LOCK]);
    if (trx) chainLocked.add(trx);
  }
  const [last] = await tx.execute<{ last_seq: string; hash: string }[]>(
    'select seq::text as last_seq, hash from audit_event order by audit_event.seq desc limit 1',
  );
  let seq = last ? BigInt(last.last_seq) : 0n;
  let prevHash = last?.hash ?? GENESIS_HASH;
  const events: AuditEvent[] = [];
  for (const input of list) {
    seq += 1n;
    const occurredAt = new Date();
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
    const ev = Object.assign(new AuditEvent(), { ...payload, seq, occurredAt, hash });
    tx.persist(ev);
    events.push(ev);
    prevHash = hash;
  }
  await tx.flush();
  return events;
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
