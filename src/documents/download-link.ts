import { createHmac, timingSafeEqual } from 'node:crypto';

export interface LinkParams {
  u: string;
  expires: string;
  sig: string;
}

const key = (secret: string) => createHmac('sha256', secret).update('vtf:document-download-link').digest();

const sign = (secret: string, documentGid: string, userId: string, expires: number): string =>
  createHmac('sha256', key(secret)).update(`${documentGid}\n${userId}\n${expires}`).digest('base64url');

/**
 * A short-lived link to a document's content for a browser, which cannot send the bearer token on
 * a plain navigation: bound to the document and the user it was issued to (whose read right is
 * checked again when it is used), valid until `expires` (seconds since the epoch).
 */
export function signedDownloadPath(secret: string, documentGid: string, userId: string, expiresAt: Date): string {
  const expires = Math.floor(expiresAt.getTime() / 1000);
  const q = new URLSearchParams({
    u: userId,
    expires: String(expires),
    sig: sign(secret, documentGid, userId, expires),
  });
  return `/documents/${encodeURIComponent(documentGid)}/content?${q.toString()}`;
}

export type LinkCheck = { ok: true; userId: string } | { ok: false; code: 'INVALID_LINK' | 'LINK_EXPIRED' };

export function checkDownloadLink(secret: string, documentGid: string, p: Partial<LinkParams>, now: Date): LinkCheck {
  if (!p.u || !p.expires || !p.sig || !/^\d{1,12}$/.test(p.expires)) return { ok: false, code: 'INVALID_LINK' };
  const expected = Buffer.from(sign(secret, documentGid, p.u, Number(p.expires)));
  const given = Buffer.from(p.sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, code: 'INVALID_LINK' };
  if (Number(p.expires) * 1000 <= now.getTime()) return { ok: false, code: 'LINK_EXPIRED' };
  return { ok: true, userId: p.u };
}
