import { authorize } from '../auth/policy';
import type { Context } from '../graphql/context';
import { canReadAudit } from './audit.policy';
import { AuditCheckpoint, AuditSigningKey, AuditVerification, CheckpointInput } from './audit.types';
import { createCheckpoint, verifyAll, verifySince } from './checkpoint';
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

/** Full recomputation, or from a checkpoint signed by this server's key. */
export async function verifyAuditTrail(ctx: Context, since: CheckpointInput | null): Promise<AuditVerification> {
  authorize(canReadAudit(ctx.actor));
  const knex = ctx.em.getKnex();
  const result = since ? await verifySince(knex, since, ctx.app.auditSigner.publicKey) : await verifyAll(knex);
  return Object.assign(new AuditVerification(), result);
}
