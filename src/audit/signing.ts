import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  KeyObject,
  sign,
  verify,
} from 'node:crypto';
import canonicalize from 'canonicalize';

/** The Ed25519 key that signs chain checkpoints; `ephemeral` when generated at start-up (dev/test). */
export interface AuditSigner {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Base64url SHA-256 of the public key's SPKI DER (first 16 bytes): names the key in checkpoints. */
  keyId: string;
  ephemeral: boolean;
}

/** What a checkpoint attests: the head of the chain at `signedAt`. */
export interface CheckpointClaims {
  sequence: string;
  hash: string;
  signedAt: string;
  keyId: string;
}

/**
 * Reads AUDIT_SIGNING_KEY: a PKCS#8 PEM, or base64 of a PKCS#8 DER or of a PEM.
 * Throws with a plain message when it is not an Ed25519 private key.
 */
export function parseSigningKey(value: string): KeyObject {
  let key: KeyObject;
  try {
    const text = value.trim();
    if (text.includes('-----BEGIN')) key = createPrivateKey(text.replace(/\\n/g, '\n'));
    else {
      const raw = Buffer.from(text, 'base64');
      const asText = raw.toString('utf8');
      key = asText.includes('-----BEGIN')
        ? createPrivateKey(asText)
        : createPrivateKey({ key: raw, format: 'der', type: 'pkcs8' });
    }
  } catch {
    throw new Error('AUDIT_SIGNING_KEY is not a PKCS#8 private key (PEM or base64 DER).');
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`AUDIT_SIGNING_KEY must be an Ed25519 key, not ${key.asymmetricKeyType ?? 'unknown'}.`);
  }
  return key;
}

export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return createHash('sha256').update(der).digest().subarray(0, 16).toString('base64url');
}

/** The signer from the configured key, or an ephemeral one (callers warn; config refuses it in production). */
export function createAuditSigner(configured: string | undefined): AuditSigner {
  const privateKey = configured ? parseSigningKey(configured) : generateKeyPairSync('ed25519').privateKey;
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey), ephemeral: !configured };
}

/** The exact bytes that are signed: RFC 8785 canonical JSON of the claims. */
export function checkpointMessage(c: CheckpointClaims): string {
  const json = canonicalize({ sequence: c.sequence, hash: c.hash, signedAt: c.signedAt, keyId: c.keyId });
  if (json === undefined) throw new Error('checkpoint cannot be canonicalised');
  return json;
}

export function signCheckpoint(signer: AuditSigner, claims: CheckpointClaims): string {
  return sign(null, Buffer.from(checkpointMessage(claims), 'utf8'), signer.privateKey).toString('base64url');
}

export function verifyCheckpointSignature(publicKey: KeyObject, claims: CheckpointClaims, signature: string): boolean {
  try {
    return verify(null, Buffer.from(checkpointMessage(claims), 'utf8'), publicKey, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

/** Reads a public key given as SPKI PEM, a JWK (JSON text), or base64 SPKI DER. */
export function parsePublicKey(value: string): KeyObject {
  const text = value.trim();
  let key: KeyObject;
  if (text.startsWith('{')) key = createPublicKey({ key: JSON.parse(text) as never, format: 'jwk' });
  else if (text.includes('-----BEGIN')) key = createPublicKey(text);
  else key = createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('The public key is not an Ed25519 key.');
  return key;
}
