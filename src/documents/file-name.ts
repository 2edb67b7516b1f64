/** Control characters, and the bidirectional overrides that make `fdp.exe` display as `exe.pdf`. */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const RESERVED = /[<>:"/\\|?*]/g;

/**
 * A file name safe to store and to send back in Content-Disposition: the client's last path
 * segment, normalised, without control, bidi or reserved characters, at most 150 characters, with
 * the extension of the type sniffing found (a PDF named `.exe` becomes `.pdf`).
 */
export function sanitizeFileName(name: string | undefined, ext: string): string {
  const last = (name ?? '').replace(/\\/g, '/').split('/').pop() ?? '';
  const clean = last.normalize('NFKC').replace(INVISIBLE, '').replace(RESERVED, '_').replace(/\s+/g, ' ').trim();
  const stem = clean
    .replace(/\.[^.]*$/, '')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 150);
  return `${stem || 'document'}.${ext}`;
}
