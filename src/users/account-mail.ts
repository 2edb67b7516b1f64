import { createHash, randomBytes } from 'node:crypto';
import type { Anyone } from '../services';

/**
 * The secret links of account e-mails (password reset, e-mail verification, invitations): an
 * opaque token in the link's fragment, only its SHA-256 digest stored, the mail sent after the
 * answer and never stored (it carries the secret).
 */

export const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** 32 random bytes, base64url: 43 characters. */
export const newLinkToken = () => randomBytes(32).toString('base64url');

/** A portal link carrying the token in its fragment (never sent to a server's logs by browsers). */
export const portalLink = (publicUrl: string, path: string, token: string) =>
  new URL(`${path}#token=${token}`, publicUrl).toString();

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Sends after the answer has gone; a failure is logged (the user can ask again), never shown. */
export function sendAfterAnswer(ctx: Anyone, mail: Mail, what: string): void {
  const { mailer } = ctx.app;
  if (!mailer) {
    ctx.log.warn({ event: 'account_mail_not_sent', what }, `SMTP_URL not set: the ${what} e-mail was not sent`);
    return;
  }
  setImmediate(() => {
    mailer.send(mail.to, mail.subject, mail.text).catch((err: unknown) => {
      ctx.log.error({ err, event: 'account_mail_failed', what }, 'account e-mail not sent');
    });
  });
}
