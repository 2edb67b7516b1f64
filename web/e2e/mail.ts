import fs from 'node:fs';
import path from 'node:path';

/**
 * The mails the e2e server sent, from the SMTP sink of global-setup.ts (one file per mail in
 * E2E_MAIL_DIR, first line `X-Envelope-To:`).
 */
function mailDir(): string {
  const dir = process.env.E2E_MAIL_DIR;
  if (!dir) throw new Error('E2E_MAIL_DIR is not set: the e2e global setup starts the SMTP sink');
  return dir;
}

/** The newest mail to `email`, waiting up to 15 s for it (the server sends after its answer). */
export async function mailTo(email: string, notBefore = 0): Promise<string> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const files = fs
      .readdirSync(mailDir())
      .filter((f) => f.endsWith('.eml'))
      .sort()
      .slice(notBefore);
    for (const f of files.reverse()) {
      const raw = fs.readFileSync(path.join(mailDir(), f), 'utf8');
      const to = /^X-Envelope-To: (.*)\r?\n/.exec(raw)?.[1]?.split(',') ?? [];
      if (to.includes(email)) return raw;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail to ${email}`);
}

/** How many mails the sink holds (to wait for a newer one with mailTo(email, count)). */
export function mailCount(): number {
  return fs.readdirSync(mailDir()).filter((f) => f.endsWith('.eml')).length;
}

/** The reset link of a (possibly quoted-printable) mail, as the e-mail's reader would open it. */
export function resetLinkOf(raw: string): string {
  const text = raw.replace(/=\r?\n/g, '').replace(/=3D/gi, '=');
  const m = /https?:\/\/[^\s/]+(\/reset-password#token=[A-Za-z0-9_-]+)/.exec(text);
  if (!m) throw new Error(`no reset link in ${raw}`);
  return m[1]!;
}

/** The e-mail confirmation link of a mail, `/verify-email#token=…`. */
export function verifyLinkOf(raw: string): string {
  const text = raw.replace(/=\r?\n/g, '').replace(/=3D/gi, '=');
  const m = /https?:\/\/[^\s/]+(\/verify-email#token=[A-Za-z0-9_-]+)/.exec(text);
  if (!m) throw new Error(`no verification link in ${raw}`);
  return m[1]!;
}
