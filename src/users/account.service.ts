import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { appendAuditNow, recordAudit, type AuditActor } from '../audit/audit.service';
import { assertStrongPassword, hashPassword, verifyPassword } from '../auth/password';
import { PasswordReset, SessionEnd } from '../auth/session.entity';
import { endSessions } from '../auth/session.service';
import { DomainError, ErrorCode } from '../core/errors';
import { newId } from '../core/ids';
import type { Acting, Anyone } from '../services';
import { digest, newLinkToken, portalLink, sendAfterAnswer, type Mail } from './account-mail';
import { Language, User } from './user.entity';

/** Self-service on one's own account: password change and reset, profile. */

export function self(ctx: { requestId: string }, userId: string): AuditActor {
  return { actorId: userId, actorRole: 'SELF', requestId: ctx.requestId };
}

/**
 * Changes the caller's password: the current one is required (throttled like a login, so a
 * borrowed session cannot guess it), the new one must be strong. Every other session of the user
 * ends (`PASSWORD_CHANGED`); this one goes on. Pending reset links stop working.
 */
export async function changePassword(
  ctx: Acting,
  input: { currentPassword: string; newPassword: string },
): Promise<User> {
  const user = await ctx.em.findOneOrFail(User, ctx.actor.userId);
  await ctx.app.rateLimits.beforeLogin(user.email, ctx.clientAddress);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await ctx.app.rateLimits.loginFailed(user.email, ctx.clientAddress);
    throw new DomainError(ErrorCode.INVALID_CREDENTIALS, 'The current password is wrong.', 'currentPassword');
  }
  assertStrongPassword(input.newPassword, [user.email, user.displayName], 'newPassword');
  const passwordHash = await hashPassword(input.newPassword);
  return ctx.em.transactional(async (tx) => {
    const u = await tx.findOneOrFail(User, user.id, { lockMode: LockMode.PESSIMISTIC_WRITE });
    u.passwordHash = passwordHash;
    await tx.flush();
    const now = ctx.app.clock.now();
    await spendResets(tx, u.id, now);
    const audit = self(ctx, u.id);
    await recordAudit(tx, audit, { action: 'user.passwordChange', entityType: 'User', entityId: u.id });
    await endSessions(tx, audit, u.id, SessionEnd.PASSWORD_CHANGED, now, { except: ctx.actor.sessionId });
    return u;
  });
}

async function spendResets(tx: EntityManager, userId: string, now: Date): Promise<void> {
  await tx.execute(`update password_reset set used_at = ? where user_id = ? and used_at is null`, [now, userId]);
}

/** Rolls back the rehearsal of a reset for an address without an account. */
class NoSuchAccount extends Error {}

/**
 * Sends a single-use, expiring reset link to the address if it has an active account (older links
 * of the account stop working). The answer
 * is the same either way, and so is the work: an unknown address goes through the same writes
 * under a throw-away user, then rolls back (as registration does). The e-mail leaves after the
 * answer, so its sending time does not show either. Only the token's digest is stored; the mail
 * itself is never stored (it carries the secret).
 */
export async function requestPasswordReset(ctx: Anyone, input: { email: string }): Promise<{ accepted: true }> {
  const email = input.email.trim().toLowerCase();
  await ctx.app.rateLimits.beforePasswordReset(email, ctx.clientAddress);
  const token = newLinkToken();
  const now = ctx.app.clock.now();
  const found: { recipient?: { email: string; language: Language } } = {};
  try {
    await ctx.em.fork().transactional(async (tx) => {
      const known = await tx.findOne(User, { email, active: true });
      const user = known ?? new User(`${newId()}@reset.invalid`, 'rehearsal', 'x');
      // A new link replaces older ones; an unknown address writes its throw-away user instead (same count).
      if (known) await spendResets(tx, known.id, now);
      else tx.persist(user);
      tx.persist(
        new PasswordReset(
          user,
          digest(token),
          now,
          new Date(now.getTime() + ctx.app.config.PASSWORD_RESET_TTL_SECONDS * 1000),
        ),
      );
      await tx.flush();
      await recordAudit(tx, self(ctx, user.id), {
        action: 'user.passwordResetRequest',
        entityType: 'User',
        entityId: user.id,
      });
      if (!known) {
        // The same chain append as the commit of a real request, then rolled back with the rest.
        await appendAuditNow(tx);
        throw new NoSuchAccount();
      }
      found.recipient = { email: user.email, language: user.preferredLanguage };
    });
  } catch (e) {
    if (!(e instanceof NoSuchAccount)) throw e;
  }
  if (found.recipient) {
    const minutes = Math.round(ctx.app.config.PASSWORD_RESET_TTL_SECONDS / 60);
    sendAfterAnswer(ctx, resetMail(ctx.app.config.PUBLIC_URL, token, found.recipient)(minutes), 'password-reset');
  }
  return { accepted: true };
}

const RESET_TEXT: Record<Language, { subject: string; body: (link: string, minutes: number) => string }> = {
  [Language.EN]: {
    subject: 'Reset your VTF Grants password',
    body: (link, m) =>
      `Someone (hopefully you) asked to reset the password of your VTF Grants account.\n\n` +
      `Choose a new password here (the link works once, for ${m} minutes):\n${link}\n\n` +
      `If it was not you, ignore this message: your password stays as it is.`,
  },
  [Language.FR]: {
    subject: 'Réinitialiser votre mot de passe VTF Grants',
    body: (link, m) =>
      `Quelqu'un (vous, espérons-le) a demandé à réinitialiser le mot de passe de votre compte VTF Grants.\n\n` +
      `Choisissez un nouveau mot de passe ici (le lien sert une fois, pendant ${m} minutes) :\n${link}\n\n` +
      `Si ce n'était pas vous, ignorez ce message : votre mot de passe ne change pas.`,
  },
  [Language.ES]: {
    subject: 'Restablecer su contraseña de VTF Grants',
    body: (link, m) =>
      `Alguien (esperamos que usted) pidió restablecer la contraseña de su cuenta de VTF Grants.\n\n` +
      `Elija una nueva contraseña aquí (el enlace sirve una vez, durante ${m} minutos):\n${link}\n\n` +
      `Si no fue usted, ignore este mensaje: su contraseña no cambia.`,
  },
};

function resetMail(
  publicUrl: string,
  token: string,
  to: { email: string; language: Language },
): (minutes: number) => Mail {
  const link = portalLink(publicUrl, '/reset-password', token);
  const t = RESET_TEXT[to.language];
  return (minutes) => ({ to: to.email, subject: t.subject, text: t.body(link, minutes) });
}

/**
 * Sets a new password with a reset link's token: the link works once and until it expires. Every
 * session of the user ends (whoever knew the old password is signed out everywhere), as do the
 * user's other reset links.
 */
export async function resetPassword(ctx: Anyone, input: { token: string; newPassword: string }): Promise<User> {
  const now = ctx.app.clock.now();
  const invalid = () =>
    new DomainError(ErrorCode.LINK_INVALID, 'This link is no longer valid; ask for a new one.', 'token');
  // Checked before the strength check, so a weak password on a dead link says the link is dead.
  const probe = await ctx.em.fork().findOne(PasswordReset, { tokenHash: digest(input.token) }, { populate: ['user'] });
  if (!probe || probe.usedAt || probe.expiresAt <= now || !probe.user.active) throw invalid();
  assertStrongPassword(input.newPassword, [probe.user.email, probe.user.displayName], 'newPassword');
  const passwordHash = await hashPassword(input.newPassword);
  return ctx.em.fork().transactional(async (tx) => {
    const reset = await tx.findOne(
      PasswordReset,
      { tokenHash: digest(input.token) },
      { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['user'] },
    );
    // A concurrent use of the same link: one wins.
    if (!reset || reset.usedAt) throw invalid();
    const user = reset.user;
    user.passwordHash = passwordHash;
    await tx.flush();
    await spendResets(tx, user.id, now);
    const audit = self(ctx, user.id);
    await recordAudit(tx, audit, { action: 'user.passwordReset', entityType: 'User', entityId: user.id });
    await endSessions(tx, audit, user.id, SessionEnd.PASSWORD_CHANGED, now);
    return user;
  });
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The caller's own display name, language and time zone; audited with before and after. */
export async function updateProfile(
  ctx: Acting,
  input: { displayName?: string | null; preferredLanguage?: Language | null; timeZone?: string | null },
): Promise<User> {
  if (input.timeZone != null && !validTimeZone(input.timeZone)) {
    throw new DomainError(ErrorCode.INVALID_VALUE, `Unknown time zone "${input.timeZone}".`, 'timeZone');
  }
  if (input.displayName != null && input.displayName.trim() === '') {
    throw new DomainError(ErrorCode.INVALID_VALUE, 'Give a display name.', 'displayName');
  }
  return ctx.em.transactional(async (tx) => {
    const user = await tx.findOneOrFail(User, ctx.actor.userId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const snap = (u: User) => ({
      displayName: u.displayName,
      preferredLanguage: u.preferredLanguage,
      timeZone: u.timeZone,
    });
    const before = snap(user);
    if (input.displayName != null) user.displayName = input.displayName.trim();
    if (input.preferredLanguage != null) user.preferredLanguage = input.preferredLanguage;
    if (input.timeZone != null) user.timeZone = input.timeZone;
    const after = snap(user);
    if (JSON.stringify(before) === JSON.stringify(after)) return user;
    await tx.flush();
    await recordAudit(tx, self(ctx, user.id), {
      action: 'user.updateProfile',
      entityType: 'User',
      entityId: user.id,
      before,
      after,
    });
    return user;
  });
}
