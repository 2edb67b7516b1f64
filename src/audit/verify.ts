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

const BATCH = 5000;

/**
 * Recomputes the chain from `fromSeq` (exclusive, with its known hash) in keyset batches, so
 * memory stays flat however long the trail is. Names the first event whose link is broken.
 */
export async function verifyChain(
  knex: Knex,
  opts: { afterSeq?: bigint; afterHash?: string } = {},
): Promise<VerifyResult> {
  let expectedPrev = opts.afterHash ?? GENESIS_HASH;
  let expectedSeq = (opts.afterSeq ?? 0n) + 1n;
  let cursor = (opts.afterSeq ?? 0n).toString();
  let checked = 0;
  let lastHash: string | null = opts.afterHash ?? null;
  for (;;) {
    const rows: Row[] = await knex
      .select('*')
      .from('audit_event')
      .where('seq', '>', cursor)
      .orderBy('seq', 'asc')
      .limit(BATCH);
    if (rows.length === 0) break;
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
    cursor = rows[rows.length - 1].seq;
  }
  return {
    ok: true,
    checked,
    firstBrokenSequence: null,
    lastSequence: checked > 0 || opts.afterSeq ? (expectedSeq - 1n).toString() : null,
    lastHash,
  };
}
