import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';

/** TOTP (RFC 6238) as authenticator apps do it: 6 digits, 30-second steps, SHA-1. */
const PERIOD = 30;
/** One step either side: a phone clock a little off, or a code typed as the step turns. */
const TOLERANCE_SECONDS = PERIOD;
const ISSUER = 'VTF Grants';

/** AES-256-GCM key for TOTP secrets at rest, derived from TOTP_ENCRYPTION_KEY (or JWT_SECRET). */
export function totpKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'vtf-grants', 'totp-secret-at-rest', 32));
}

/** `v1.<iv>.<tag>.<ciphertext>` (base64url): the secret is never stored in clear. */
export function sealSecret(key: Buffer, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), ct]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

export function openSecret(key: Buffer, sealed: string): string {
  const [v, iv, tag, ct] = sealed.split('.');
  if (v !== 'v1' || !iv || !tag || !ct) throw new Error('unknown TOTP secret format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
}

export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export interface TotpEnrolmentData {
  secret: string;
  otpauthUri: string;
  /** The URI as a QR code, an SVG data URL the portal shows as an image. */
  qrCodeDataUrl: string;
}

export async function enrolmentData(secret: string, email: string): Promise<TotpEnrolmentData> {
  const otpauthUri = generateURI({ issuer: ISSUER, label: email, secret, period: PERIOD });
  const svg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, otpauthUri, qrCodeDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

/**
 * Checks a code at `now` (the app's clock) and returns the time step it belongs to, or null. Codes
 * of `afterStep` or earlier are refused: a code works once (the caller stores the step it returns).
 * `otplib`'s `verify` answers an object ({ valid, timeStep, … }), never a bare boolean.
 */
export async function checkTotp(
  secret: string,
  code: string,
  now: Date,
  afterStep: number | null,
): Promise<number | null> {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const result = await verify({
    secret,
    token,
    period: PERIOD,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: TOLERANCE_SECONDS,
    ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
  });
  if (!result.valid || !('timeStep' in result)) return null;
  return result.timeStep;
}

/** Recovery codes: 10 of them, 10 characters from an unambiguous alphabet, shown as `xxxxx-xxxxx`. */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz023456789'; // 32: no modulo bias
export const RECOVERY_CODE_COUNT = 10;

export function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b & 31]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** Digest of a recovery code as typed (case, spaces and dashes ignored). */
export function recoveryCodeDigest(code: string): string {
  return createHash('sha256')
    .update(code.toLowerCase().replace(/[\s-]+/g, ''), 'utf8')
    .digest('hex');
}

/** A recovery code's shape (so a six-digit TOTP code is never looked up as one). */
export function looksLikeRecoveryCode(code: string): boolean {
  return /^[a-z0-9]{10}$/.test(code.toLowerCase().replace(/[\s-]+/g, ''));
}
