import type { Knex } from '@mikro-orm/postgresql';
import { chainHash, GENESIS_HASH } from './hash';

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBrokenSequence: string | null;
  lastSequence: string | null;
  lastHash: string | null;
}

interface Row {
  seq: string;
  occurred_at: Date;
  actor_id: string | null;
  actor_role: string;
  action: string;
  entity_type: string;
  entity_id: string;
  fund_id: string | null;
  before: unknown;
  after: unknown;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

export const VERIFY_BATCH = 5000;

const PAGE_SQL =
  'select seq::text as seq, occurred_at, actor_id, actor_role, action, entity_type, entity_id, fund_id, ' +
  'before, after, request_id, prev_hash, hash from audit_event where seq > ?::bigint order by audit_event.seq limit ?';

/**
 * Recomputes the chain after `afterSeq` (exclusive, whose hash is `afterHash`) in keyset batches
 * on the primary key, so memory stays flat however long the trail is; the next batch is fetched
 * while the current one is hashed. Names the first event whose link is broken.
 */
export async function verifyChain(
  knex: Knex,
  opts: { afterSeq?: bigint; afterHash?: string; batchSize?: number; onProgress?: (checked: number) => void } = {},
): Promise<VerifyResult> {
  const batch = opts.batchSize ?? VERIFY_BATCH;
  const fetchAfter = async (seq: string): Promise<Row[]> => (await knex.raw(PAGE_SQL, [seq, batch])).rows as Row[];
  let expectedPrev = opts.afterHash ?? GENESIS_HASH;
  let expectedSeq = (opts.afterSeq ?? 0n) + 1n;
  let checked = 0;
  let lastHash: string | null = opts.afterHash ?? null;
  let pending: Promise<Row[]> | null = fetchAfter((opts.afterSeq ?? 0n).toString());
  while (pending) {
    const rows: Row[] = await pending;
    if (rows.length === 0) break;
    pending = rows.length === batch ? fetchAfter(rows[rows.length - 1].seq) : null;
    for (const r of rows) {
      const seq = BigInt(r.seq);
      const recomputed = chainHash({
        seq: r.seq,
        occurredAt: new Date(r.occurred_at).toISOString(),
        actorId: r.actor_id,
        actorRole: r.actor_role,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        fundId: r.fund_id,
        before: r.before,
        after: r.after,
        requestId: r.request_id,
        prevHash: r.prev_hash,
      });
      if (seq !== expectedSeq || r.prev_hash !== expectedPrev || recomputed !== r.hash) {
        // The prefetched batch is abandoned; keep its failure (if any) from becoming unhandled.
        pending?.catch(() => undefined);
        return {
          ok: false,
          checked,
          firstBrokenSequence: seq !== expectedSeq ? expectedSeq.toString() : r.seq,
          lastSequence: r.seq,
          lastHash: r.hash,
        };
      }
      checked += 1;
      expectedPrev = r.hash;
      expectedSeq = seq + 1n;
      lastHash = r.hash;
    }
    opts.onProgress?.(checked);
  }
  return {
    ok: true,
    checked,
    firstBrokenSequence: null,
    lastSequence: checked > 0 || opts.afterSeq ? (expectedSeq - 1n).toString() : null,
    lastHash,
  };
}
