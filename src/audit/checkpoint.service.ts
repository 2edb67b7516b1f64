import { authorize } from '../auth/policy';
import type { Context } from '../graphql/context';
import { canReadAudit } from './audit.policy';
import {
  AuditCheckpoint,
  AuditSigningKey,
  AuditVerification,
  CheckpointInput,
  StoredAuditCheckpoint,
} from './audit.types';
import { createCheckpoint, verifyAnchored, verifySince } from './checkpoint';
import { checkpointSettings, readCheckpoints } from './checkpoint-store';
import { checkpointMessage, verifyCheckpointSignature } from './signing';

export async function auditCheckpoint(ctx: Context): Promise<AuditCheckpoint> {
  authorize(canReadAudit(ctx.actor));
  const cp = await createCheckpoint(ctx.em.getKnex(), ctx.app.auditSigner, ctx.app.clock.now());
  return Object.assign(new AuditCheckpoint(), cp, { signedPayload: checkpointMessage(cp) });
}

export function auditSigningKey(ctx: Context): AuditSigningKey {
  authorize(canReadAudit(ctx.actor));
  const { publicKey, keyId, ephemeral } = ctx.app.auditSigner;
  return Object.assign(new AuditSigningKey(), {
    keyId,
    algorithm: 'Ed25519',
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    publicKeyJwk: { ...publicKey.export({ format: 'jwk' }), kid: keyId, alg: 'EdDSA', use: 'sig' },
    ephemeral,
  });
}

/**
 * From a checkpoint given by the caller (signed by this server's key), or a full recomputation
 * anchored to the newest checkpoint in AUDIT_CHECKPOINT_DIR.
 */
export async function verifyAuditTrail(ctx: Context, since: CheckpointInput | null): Promise<AuditVerification> {
  authorize(canReadAudit(ctx.actor));
  const knex = ctx.em.getKnex();
  if (since) {
    const result = await verifySince(knex, since, ctx.app.auditSigner.publicKey);
    return Object.assign(new AuditVerification(), result, { anchoredSequence: null });
  }
  const settings = checkpointSettings(ctx.app.config);
  const stored = settings ? await readCheckpoints(settings.dir) : [];
  return Object.assign(new AuditVerification(), await verifyAnchored(knex, stored, ctx.app.auditSigner.publicKey));
}

/**
 * The newest `first` checkpoints of AUDIT_CHECKPOINT_DIR, newest first, each with its signature
 * checked against this server's key and its hash against the event it attests (one query).
 */
export async function storedCheckpoints(ctx: Context, first: number): Promise<StoredAuditCheckpoint[]> {
  authorize(canReadAudit(ctx.actor));
  const settings = checkpointSettings(ctx.app.config);
  const stored = settings ? (await readCheckpoints(settings.dir)).slice(-first).reverse() : [];
  if (stored.length === 0) return [];
  const rows = (
    await ctx.em
      .getKnex()
      .raw('select seq::text as seq, hash from audit_event where seq = any(?::bigint[])', [
        stored.map((c) => c.sequence),
      ])
  ).rows as { seq: string; hash: string }[];
  const hashes = new Map(rows.map((r) => [r.seq, r.hash]));
  const key = ctx.app.auditSigner;
  return stored.map((c) => {
    const claims = { sequence: c.sequence, hash: c.hash, signedAt: c.signedAt, keyId: c.keyId };
    return Object.assign(new StoredAuditCheckpoint(), claims, {
      signature: c.signature,
      signedPayload: checkpointMessage(claims),
      previousSequence: c.previousSequence,
      signedByThisServer: c.keyId === key.keyId && verifyCheckpointSignature(key.publicKey, claims, c.signature),
      matchesChain: hashes.get(c.sequence) === c.hash,
    });
  });
}
