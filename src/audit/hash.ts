import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export const GENESIS_HASH = '0'.repeat(64);

/** The hashed content of an audit event: everything but the hash itself. */
export interface AuditPayload {
  seq: string;
  occurredAt: string;
  actorId: string | null;
  actorRole: string;
  action: string;
  entityType: string;
  entityId: string;
  fundId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  prevHash: string;
}

/** hash = sha256(prevHash ‖ canonical JSON (RFC 8785) of the event). */
export function chainHash(p: AuditPayload): string {
  const json = canonicalize(p);
  if (json === undefined) throw new Error('audit payload cannot be canonicalised');
  return createHash('sha256').update(p.prevHash).update(json).digest('hex');
}

const SECRET_KEY = /(password|passwd|token|secret|iban|accountnumber|bankaccount|clientsecret|card)/i;

/** Makes a value JSON-safe for the trail (bigint → string, Date → ISO) and masks secrets. */
export function sanitize(value: unknown, key = ''): unknown {
  if (key && SECRET_KEY.test(key)) return value == null ? null : '[REDACTED]';
  if (value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => sanitize(v));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = sanitize(v, k);
    return out;
  }
  return value;
}
