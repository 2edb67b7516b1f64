import type { KeyObject } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';
import { GENESIS_HASH } from './hash';
import { AuditSigner, CheckpointClaims, keyIdOf, signCheckpoint, verifyCheckpointSignature } from './signing';
import { verifyChain, VerifyResult } from './verify';
import { isSequence } from '../graphql/relay';

/** Why a verification failed; null when it passed. */
export enum AuditFailure {
  /** The checkpoint names a key other than the one given to check it. */
  UNKNOWN_KEY = 'UNKNOWN_KEY',
  /** The checkpoint's signature does not match its content. */
  SIGNATURE_INVALID = 'SIGNATURE_INVALID',
  /** The event at the checkpoint's sequence no longer exists (removed or truncated). */
  CHECKPOINT_MISSING = 'CHECKPOINT_MISSING',
  /** The event at the checkpoint's sequence has another hash: the chain up to it was rewritten. */
  CHECKPOINT_MISMATCH = 'CHECKPOINT_MISMATCH',
  /** A link after the starting point does not recompute. */
  CHAIN_BROKEN = 'CHAIN_BROKEN',
}

export interface Checkpoint extends CheckpointClaims {
  signature: string;
}

export interface Verification extends VerifyResult {
  /** First sequence recomputed ("1" for a full run). */
  fromSequence: string;
  failure: AuditFailure | null;
  message: string;
}

/** The newest link of the chain (sequence "0" and the genesis hash when the trail is empty). */
export async function chainHead(knex: Knex): Promise<{ sequence: string; hash: string }> {
  const { rows } = await knex.raw(
    'select seq::text as seq, hash from audit_event order by audit_event.seq desc limit 1',
  );
  const last = rows[0] as { seq: string; hash: string } | undefined;
  return last ? { sequence: last.seq, hash: last.hash } : { sequence: '0', hash: GENESIS_HASH };
}

/**
 * Signs the current head. It attests what the chain looked like at `now`; it does not re-verify
 * the chain (that is `verifyAuditTrail`'s job), so taking one stays cheap.
 */
export async function createCheckpoint(knex: Knex, signer: AuditSigner, now: Date): Promise<Checkpoint> {
  const head = await chainHead(knex);
  const claims: CheckpointClaims = { ...head, signedAt: now.toISOString(), keyId: signer.keyId };
  return { ...claims, signature: signCheckpoint(signer, claims) };
}

function describe(r: VerifyResult, from: string): Verification {
  return {
    ...r,
    fromSequence: from,
    failure: r.ok ? null : AuditFailure.CHAIN_BROKEN,
    message: r.ok
      ? `Chain verified: ${r.checked} events from sequence ${from}${r.lastSequence ? ` to ${r.lastSequence}` : ''}.`
      : `Chain broken at sequence ${r.firstBrokenSequence}.`,
  };
}

function refused(failure: AuditFailure, message: string, firstBroken: string | null, from: string): Verification {
  return {
    ok: false,
    checked: 0,
    firstBrokenSequence: firstBroken,
    lastSequence: null,
    lastHash: null,
    fromSequence: from,
    failure,
    message,
  };
}

/** Called after each batch with the number of events verified so far (audit:verify's progress line). */
export type OnVerified = (checked: number) => void;

/** Recomputes the whole chain from the genesis link. */
export async function verifyAll(knex: Knex, onProgress?: OnVerified): Promise<Verification> {
  return describe(await verifyChain(knex, { onProgress }), '1');
}

/**
 * Proves the chain now extends `cp`: the signature is valid for `publicKey`, the event at
 * `cp.sequence` still has `cp.hash`, and every link from that event (recomputed, so its own
 * content is covered too) to the head verifies. Events before the checkpoint were covered
 * by the run that produced it; a full run (`verifyAll`) re-checks them.
 */
export async function verifySince(
  knex: Knex,
  cp: Checkpoint,
  publicKey: KeyObject,
  onProgress?: OnVerified,
): Promise<Verification> {
  const from = cp.sequence;
  if (!isSequence(cp.sequence)) {
    return refused(AuditFailure.CHECKPOINT_MISSING, 'The checkpoint sequence is not a number.', null, from);
  }
  if (cp.keyId !== keyIdOf(publicKey)) {
    return refused(
      AuditFailure.UNKNOWN_KEY,
      `The checkpoint was signed with key ${cp.keyId}, not this one.`,
      null,
      from,
    );
  }
  if (!verifyCheckpointSignature(publicKey, cp, cp.signature)) {
    return refused(AuditFailure.SIGNATURE_INVALID, 'The checkpoint signature is not valid.', null, from);
  }
  const seq = BigInt(cp.sequence);
  if (seq === 0n) {
    return cp.hash === GENESIS_HASH
      ? verifyAll(knex, onProgress)
      : refused(AuditFailure.CHECKPOINT_MISMATCH, 'An empty-chain checkpoint must carry the genesis hash.', '0', from);
  }
  const { rows } = await knex.raw('select prev_hash, hash from audit_event where seq = ?::bigint', [cp.sequence]);
  const at = rows[0] as { prev_hash: string; hash: string } | undefined;
  if (!at) {
    return refused(AuditFailure.CHECKPOINT_MISSING, `Event ${cp.sequence} no longer exists.`, cp.sequence, from);
  }
  if (at.hash !== cp.hash) {
    return refused(
      AuditFailure.CHECKPOINT_MISMATCH,
      `Event ${cp.sequence} no longer has the checkpoint's hash: the chain up to it was rewritten.`,
      cp.sequence,
      from,
    );
  }
  return describe(await verifyChain(knex, { afterSeq: seq - 1n, afterHash: at.prev_hash, onProgress }), from);
}

/** The stored checkpoints signed by `publicKey` with a valid signature, oldest first. */
export function trustedCheckpoints<T extends Checkpoint>(stored: T[], publicKey: KeyObject): T[] {
  const keyId = keyIdOf(publicKey);
  return stored.filter(
    (c) => isSequence(c.sequence) && c.keyId === keyId && verifyCheckpointSignature(publicKey, c, c.signature),
  );
}

async function hashesBetween(knex: Knex, after: string, upTo: string): Promise<Map<string, string>> {
  const { rows } = await knex.raw(
    'select seq::text as seq, hash from audit_event where seq > ?::bigint and seq <= ?::bigint',
    [after, upTo],
  );
  return new Map((rows as { seq: string; hash: string }[]).map((r) => [r.seq, r.hash]));
}

/**
 * The first sequence whose hash differs from what the stored checkpoints recorded: the oldest
 * rewritten event, even when every later hash was recomputed. Falls back to the sequence of the
 * oldest checkpoint that no longer matches when the files hold no hash list for that stretch.
 */
async function locateRewrite(
  knex: Knex,
  cps: { sequence: string; hash: string; previousSequence?: string; hashes?: string[] | null }[],
): Promise<string> {
  for (const cp of cps) {
    const [row] = (await knex.raw('select hash from audit_event where seq = ?::bigint', [cp.sequence])).rows as {
      hash: string;
    }[];
    if (row?.hash === cp.hash) continue;
    if (cp.hashes && cp.previousSequence !== undefined) {
      const actual = await hashesBetween(knex, cp.previousSequence, cp.sequence);
      let seq = BigInt(cp.previousSequence);
      for (const expected of cp.hashes) {
        seq += 1n;
        if (actual.get(seq.toString()) !== expected) return seq.toString();
      }
    }
    return cp.sequence;
  }
  return cps[cps.length - 1].sequence;
}

/**
 * Full recomputation, then anchoring against the newest trusted checkpoint kept outside the
 * database: the event it attests must still exist with the hash it signed. This is what catches
 * a truncated tail (the chain is shorter than a signed head: the first missing sequence is named)
 * and a rewrite with every later hash recomputed (the first rewritten sequence is named, from the
 * checkpoints' hash lists).
 */
export async function verifyAnchored<T extends Checkpoint & { previousSequence?: string; hashes?: string[] | null }>(
  knex: Knex,
  stored: T[],
  publicKey: KeyObject,
  onProgress?: OnVerified,
): Promise<Verification & { anchoredSequence: string | null }> {
  const full = await verifyAll(knex, onProgress);
  const trusted = trustedCheckpoints(stored, publicKey);
  const latest = trusted[trusted.length - 1];
  if (!full.ok || !latest || latest.sequence === '0') return { ...full, anchoredSequence: null };
  const head = BigInt(full.lastSequence ?? '0');
  const signed = BigInt(latest.sequence);
  const anchored = { anchoredSequence: latest.sequence, fromSequence: full.fromSequence };
  if (head < signed) {
    const first = (head + 1n).toString();
    return {
      ...refused(
        AuditFailure.CHECKPOINT_MISSING,
        `Events ${first} to ${latest.sequence} are missing: the checkpoint signed at ${latest.signedAt} attests ` +
          `sequence ${latest.sequence}, the chain now ends at ${head}.`,
        first,
        full.fromSequence,
      ),
      checked: full.checked,
      lastSequence: full.lastSequence,
      lastHash: full.lastHash,
      ...anchored,
    };
  }
  const [row] = (await knex.raw('select hash from audit_event where seq = ?::bigint', [latest.sequence])).rows as {
    hash: string;
  }[];
  if (row?.hash !== latest.hash) {
    const first = await locateRewrite(knex, trusted);
    return {
      ...refused(
        AuditFailure.CHECKPOINT_MISMATCH,
        `Event ${first} was rewritten (and the hashes after it recomputed): the checkpoint signed at ` +
          `${latest.signedAt} attests another hash for sequence ${latest.sequence}.`,
        first,
        full.fromSequence,
      ),
      checked: full.checked,
      lastSequence: full.lastSequence,
      lastHash: full.lastHash,
      ...anchored,
    };
  }
  return {
    ...full,
    ...anchored,
    message: `${full.message} Anchored to the checkpoint of sequence ${latest.sequence} signed at ${latest.signedAt}.`,
  };
}
