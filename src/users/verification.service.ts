import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { recordAudit } from '../audit/audit.service';
import { RateLimitedError } from '../auth/rate-limit';
import { DomainError, ErrorCode } from '../core/errors';
import type { Acting, Anyone } from '../services';
import { digest, newLinkToken, portalLink, sendAfterAnswer, type Mail } from './account-mail';
import { self } from './account.service';
import { EmailVerification } from './email-verification.entity';
import { Language, User } from './user.entity';

/**
 * E-mail verification (issue 13): a new account is sent a single-use, expiring link; until it is
 * opened the user may sign in, read and draft, but nothing that submits or moves money answers
 * other than EMAIL_NOT_VERIFIED (`verifiedOnly`, src/auth/verified.ts).
 */

/** A new link asked for within this many seconds of the last one sends nothing (RATE_LIMITED). */
export const RESEND_COOLDOWN_SECONDS = 60;
/** At most this many links per user in 24 hours. */
export const RESENDS_PER_DAY = 5;

/** Makes a new link for the user (older ones stop working) and returns its token; the caller flushes. */
export async function issueEmailVerification(
  tx: EntityManager,
  user: User,
  now: Date,
  ttlSeconds: number,
): Promise<string> {
  await tx.execute(`update email_verification set used_at = ? where user_id = ? and used_at is null`, [now, user.id]);
  const token = newLinkToken();
  tx.persist(new EmailVerification(user, digest(token), now, new Date(now.getTime() + ttlSeconds * 1000)));
  return token;
}

const TEXT: Record<Language, { subject: string; body: (link: string, hours: number) => string }> = {
  [Language.EN]: {
    subject: 'Confirm your e-mail address for VTF Grants',
    body: (link, h) =>
      `Welcome to VTF Grants. Please confirm that this is your e-mail address by opening this link ` +
      `(it works once, for ${h} hours):\n${link}\n\n` +
      `Until then you can sign in and prepare drafts, but not submit or pay.\n` +
      `If you did not create an account, ignore this message.`,
  },
  [Language.FR]: {
    subject: 'Confirmez votre adresse électronique pour VTF Grants',
    body: (link, h) =>
      `Bienvenue sur VTF Grants. Confirmez que cette adresse électronique est la vôtre en ouvrant ce lien ` +
      `(il sert une fois, pendant ${h} heures) :\n${link}\n\n` +
      `D'ici là, vous pouvez vous connecter et préparer des brouillons, mais ni soumettre ni payer.\n` +
      `Si vous n'avez pas créé de compte, ignorez ce message.`,
  },
  [Language.ES]: {
    subject: 'Confirme su dirección de correo para VTF Grants',
    body: (link, h) =>
      `Bienvenido a VTF Grants. Confirme que esta dirección de correo es suya abriendo este enlace ` +
      `(sirve una vez, durante ${h} horas):\n${link}\n\n` +
      `Mientras tanto puede iniciar sesión y preparar borradores, pero no presentar ni pagar.\n` +
      `Si no creó una cuenta, ignore este mensaje.`,
  },
};

function verificationMail(ctx: Anyone, token: string, to: { email: string; language: Language }): Mail {
  const t = TEXT[to.language];
  const hours = Math.max(1, Math.round(ctx.app.config.EMAIL_VERIFICATION_TTL_SECONDS / 3600));
  const link = portalLink(ctx.app.config.PUBLIC_URL, '/verify-email', token);
  return { to: to.email, subject: t.subject, text: t.body(link, hours) };
}

/** Mails the link of a token just committed (after the answer). */
export function sendVerification(ctx: Anyone, token: string, to: { email: string; language: Language }): void {
  sendAfterAnswer(ctx, verificationMail(ctx, token, to), 'e-mail verification');
}

/**
 * Opens a verification link: the address is proved once, by an unused link that has not expired
 * and whose account is active. Every link of the user stops working. Two concurrent uses: one wins,
 * the other answers LINK_INVALID.
 */
export async function verifyEmail(ctx: Anyone, input: { token: string }): Promise<User> {
  const now = ctx.app.clock.now();
  const invalid = () =>
    new DomainError(ErrorCode.LINK_INVALID, 'This link is no longer valid; ask for a new one.', 'token');
  return ctx.em.fork().transactional(async (tx) => {
    const link = await tx.findOne(
      EmailVerification,
      { tokenHash: digest(input.token) },
      { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['user'] },
    );
    if (!link || link.usedAt || link.expiresAt <= now || !link.user.active) throw invalid();
    const user = link.user;
    await tx.execute(`update email_verification set used_at = ? where user_id = ? and used_at is null`, [now, user.id]);
    if (user.emailVerifiedAt) return user;
    user.emailVerifiedAt = now;
    await tx.flush();
    await recordAudit(tx, self(ctx, user.id), {
      action: 'user.verifyEmail',
      entityType: 'User',
      entityId: user.id,
      before: { emailVerified: false },
      after: { emailVerified: true, email: user.email },
    });
    return user;
  });
}

/**
 * Sends the caller a new verification link (older ones stop working). Already verified: nothing is
 * sent, the answer is the same. At most one link a minute and five a day per user (RATE_LIMITED
 * with the seconds to wait), counted under the user's row lock so concurrent asks cannot slip by.
 */
export async function resendVerification(ctx: Acting): Promise<{ accepted: true }> {
  const now = ctx.app.clock.now();
  const sent = await ctx.em.transactional(async (tx) => {
    const user = await tx.findOneOrFail(User, ctx.actor.userId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (user.emailVerifiedAt) return null;
    const [recent] = await tx.execute<{ last: Date | null; today: string }[]>(
      `select max(created_at) as last, count(*) filter (where created_at > ?) as today
         from email_verification where user_id = ?`,
      [new Date(now.getTime() - 24 * 3600_000), user.id],
    );
    const last = recent?.last ? new Date(recent.last) : null;
    const wait = last ? Math.ceil((last.getTime() + RESEND_COOLDOWN_SECONDS * 1000 - now.getTime()) / 1000) : 0;
    if (wait > 0) throw new RateLimitedError(wait);
    if (Number(recent?.today ?? 0) >= RESENDS_PER_DAY) throw new RateLimitedError(3600);
    const token = await issueEmailVerification(tx, user, now, ctx.app.config.EMAIL_VERIFICATION_TTL_SECONDS);
    await tx.flush();
    await recordAudit(tx, self(ctx, user.id), {
      action: 'user.verificationResend',
      entityType: 'User',
      entityId: user.id,
    });
    return { token, to: { email: user.email, language: user.preferredLanguage } };
  });
  if (sent) sendVerification(ctx, sent.token, sent.to);
  return { accepted: true };
}
