import { authorize } from '../auth/policy';
import type { Context } from '../graphql/context';
import { canReadAudit } from './audit.policy';
import { AuditCheckpoint, AuditSigningKey, AuditVerification, CheckpointInput } from './audit.types';
import { createCheckpoint, verifyAnchored, verifySince } from './checkpoint';
import { checkpointSettings, readCheckpoints } from './checkpoint-store';
import { checkpointMessage } from './signing';

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
