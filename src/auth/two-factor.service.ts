import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { recordAudit, type AuditActor } from '../audit/audit.service';
import { DomainError, ErrorCode } from '../core/errors';
import type { Acting, AppServices, Anyone } from '../services';
import { User } from '../users/user.entity';
import { verifyPassword } from './password';
import { LoginChallenge, RecoveryCode, TotpCredential } from './second-factor.entity';
import { startSession, type IssuedSession } from './session.service';
import {
  checkTotp,
  enrolmentData,
  looksLikeRecoveryCode,
  newRecoveryCode,
  newTotpSecret,
  openSecret,
  recoveryCodeDigest,
  RECOVERY_CODE_COUNT,
  sealSecret,
  totpKey,
  type TotpEnrolmentData,
} from './totp';
import { hasPasskey, hasSecondFactor } from './second-factor.repository';

/** How a second factor was proven. */
export type SecondFactorMethod = 'TOTP' | 'RECOVERY_CODE' | 'PASSKEY';

/** Wrong codes a login's second step tolerates before the user must sign in again. */
export const LOGIN_CHALLENGE_ATTEMPTS = 5;

const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
const keyOf = (app: AppServices) => totpKey(app.config.TOTP_ENCRYPTION_KEY ?? app.config.jwtSecret);

function self(ctx: { requestId: string }, userId: string): AuditActor {
  return { actorId: userId, actorRole: 'SELF', requestId: ctx.requestId };
}

const wrongCode = (field = 'code') =>
  new DomainError(ErrorCode.SECOND_FACTOR_INVALID, 'This code is wrong, expired or already used.', field);

export { hasSecondFactor };

/**
 * Checks a code against the user's authenticator app (its row locked, so two requests with the same
 * code cannot both pass: the second sees the step the first stored), or else against the unused
 * recovery codes (spent by the update that finds it). Inside the caller's transaction.
 */
export async function proveCode(
  tx: EntityManager,
  app: AppServices,
  userId: string,
  code: string,
): Promise<SecondFactorMethod | null> {
  const now = app.clock.now();
  if (looksLikeRecoveryCode(code) && !/^\d+$/.test(code.trim())) {
    const spent = await tx.execute<{ id: string }[]>(
      `update recovery_code set used_at = ? where user_id = ? and code_hash = ? and used_at is null returning id`,
      [now, userId, recoveryCodeDigest(code)],
    );
    return spent.length > 0 ? 'RECOVERY_CODE' : null;
  }
  const cred = await tx.findOne(
    TotpCredential,
    { user: userId, confirmedAt: { $ne: null } },
    { lockMode: LockMode.PESSIMISTIC_WRITE },
  );
  if (!cred) return null;
  const step = await checkTotp(openSecret(keyOf(app), cred.secretCiphertext), code, now, cred.lastUsedStep);
  if (step === null) return null;
  cred.lastUsedStep = step;
  await tx.flush();
  return 'TOTP';
}

/** Starts (or restarts) enrolment: a new secret, shown once, unconfirmed until a first code. */
export async function startTotpEnrolment(ctx: Acting): Promise<TotpEnrolmentData> {
  return ctx.em.transactional(async (tx) => {
    const user = await tx.findOneOrFail(User, ctx.actor.userId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const existing = await tx.findOne(TotpCredential, { user });
    if (existing?.confirmedAt) {
      throw new DomainError(
        ErrorCode.INVALID_STATE,
        'An authenticator app is already set up; turn it off first to set up another.',
        null,
      );
    }
    const secret = newTotpSecret();
    const now = ctx.app.clock.now();
    if (existing) {
      existing.secretCiphertext = sealSecret(keyOf(ctx.app), secret);
      existing.lastUsedStep = null;
    } else {
      tx.persist(new TotpCredential(user, sealSecret(keyOf(ctx.app), secret), now));
    }
    await tx.flush();
    await recordAudit(tx, self(ctx, user.id), { action: 'totp.enrolStart', entityType: 'User', entityId: user.id });
    return enrolmentData(secret, user.email);
  });
}

async function replaceRecoveryCodes(tx: EntityManager, user: User, now: Date): Promise<string[]> {
  await tx.nativeDelete(RecoveryCode, { user });
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  for (const c of codes) tx.persist(new RecoveryCode(user, recoveryCodeDigest(c), now));
  await tx.flush();
  return codes;
}

/** Marks the caller's session as having passed a second factor now (step-up). */
async function markSession(tx: EntityManager, sessionId: string | null | undefined, now: Date): Promise<void> {
  if (!sessionId) return;
  await tx.execute(`update auth_session set second_factor_at = ? where id = ?`, [now, sessionId]);
}

type Outcome<T> = { ok: T } | { failed: DomainError };

/** Runs `work`; a wrong code commits nothing of it but counts against the login limits. */
async function withThrottle<T>(ctx: Anyone, email: string, work: () => Promise<Outcome<T>>): Promise<T> {
  await ctx.app.rateLimits.beforeLogin(email, ctx.clientAddress);
  const outcome = await work();
  if ('failed' in outcome) {
    await ctx.app.rateLimits.loginFailed(email, ctx.clientAddress);
    ctx.log.warn({ event: 'second_factor_failed' }, 'second factor refused');
    throw outcome.failed;
  }
  return outcome.ok;
}

/** Confirms enrolment with a first code: the app is on, recovery codes are handed out (once). */
export async function confirmTotpEnrolment(ctx: Acting, input: { code: string }): Promise<{ recoveryCodes: string[] }> {
  return withThrottle(ctx, ctx.actor.email, () =>
    ctx.em.transactional(async (tx): Promise<Outcome<{ recoveryCodes: string[] }>> => {
      const user = await tx.findOneOrFail(User, ctx.actor.userId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const cred = await tx.findOne(TotpCredential, { user }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!cred || cred.confirmedAt) {
        throw new DomainError(ErrorCode.INVALID_STATE, 'Start setting up an authenticator app first.', null);
      }
      const now = ctx.app.clock.now();
      const step = await checkTotp(openSecret(keyOf(ctx.app), cred.secretCiphertext), input.code, now, null);
      if (step === null) return { failed: wrongCode() };
      cred.confirmedAt = now;
      cred.lastUsedStep = step;
      await tx.flush();
      const recoveryCodes = await replaceRecoveryCodes(tx, user, now);
      await markSession(tx, ctx.actor.sessionId, now);
      await recordAudit(tx, self(ctx, user.id), {
        action: 'totp.enable',
        entityType: 'User',
        entityId: user.id,
        before: { totp: false },
        after: { totp: true, recoveryCodes: RECOVERY_CODE_COUNT },
      });
      return { ok: { recoveryCodes } };
    }),
  );
}

/** Turns the authenticator app off: the password and a code (or a recovery code) are required. */
export async function disableTotp(ctx: Acting, input: { password: string; code: string }): Promise<User> {
  return withThrottle(ctx, ctx.actor.email, () =>
    ctx.em.transactional(async (tx): Promise<Outcome<User>> => {
      const user = await tx.findOneOrFail(User, ctx.actor.userId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const cred = await tx.findOne(TotpCredential, { user, confirmedAt: { $ne: null } });
      if (!cred) throw new DomainError(ErrorCode.INVALID_STATE, 'No authenticator app is set up.', null);
      if (!(await verifyPassword(user.passwordHash, input.password))) {
        return {
          failed: new DomainError(ErrorCode.INVALID_CREDENTIALS, 'The password is wrong.', 'password'),
        };
      }
      if (!(await proveCode(tx, ctx.app, user.id, input.code))) return { failed: wrongCode() };
      await tx.nativeDelete(TotpCredential, { user });
      if (!(await hasPasskey(tx, user.id))) await tx.nativeDelete(RecoveryCode, { user });
      await recordAudit(tx, self(ctx, user.id), {
        action: 'totp.disable',
        entityType: 'User',
        entityId: user.id,
        before: { totp: true },
        after: { totp: false },
      });
      return { ok: user };
    }),
  );
}

/** New recovery codes (the old ones stop working), against a current code. */
export async function regenerateRecoveryCodes(
  ctx: Acting,
  input: { code: string },
): Promise<{ recoveryCodes: string[] }> {
  return withThrottle(ctx, ctx.actor.email, () =>
    ctx.em.transactional(async (tx): Promise<Outcome<{ recoveryCodes: string[] }>> => {
      const user = await tx.findOneOrFail(User, ctx.actor.userId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!(await hasSecondFactor(tx, user.id))) {
        throw new DomainError(ErrorCode.INVALID_STATE, 'Set up a second factor first.', null);
      }
      if (!(await proveCode(tx, ctx.app, user.id, input.code))) return { failed: wrongCode() };
      const now = ctx.app.clock.now();
      const recoveryCodes = await replaceRecoveryCodes(tx, user, now);
      await recordAudit(tx, self(ctx, user.id), {
        action: 'recoveryCodes.regenerate',
        entityType: 'User',
        entityId: user.id,
        after: { recoveryCodes: RECOVERY_CODE_COUNT },
      });
      return { ok: { recoveryCodes } };
    }),
  );
}

/**
 * Step-up: the caller's session passes a second factor now, so the actions a fund's policy guards
 * (`src/auth/step-up.ts`) are allowed for the next STEP_UP_WINDOW_SECONDS.
 */
export async function verifySecondFactor(ctx: Acting, input: { code: string }): Promise<{ validUntil: Date }> {
  return withThrottle(ctx, ctx.actor.email, () =>
    ctx.em.transactional(async (tx): Promise<Outcome<{ validUntil: Date }>> => {
      if (!ctx.actor.sessionId) throw new DomainError(ErrorCode.INVALID_STATE, 'No session to step up.', null);
      const method = await proveCode(tx, ctx.app, ctx.actor.userId, input.code);
      if (!method) return { failed: wrongCode() };
      const now = ctx.app.clock.now();
      await markSession(tx, ctx.actor.sessionId, now);
      await recordAudit(tx, self(ctx, ctx.actor.userId), {
        action: 'session.stepUp',
        entityType: 'Session',
        entityId: ctx.actor.sessionId,
        after: { method },
      });
      return { ok: { validUntil: new Date(now.getTime() + ctx.app.config.STEP_UP_WINDOW_SECONDS * 1000) } };
    }),
  );
}

/** The password was right and the user has a second factor: the login waits for it. */
export async function openLoginChallenge(
  tx: EntityManager,
  app: AppServices,
  user: User,
  userAgent: string | null,
): Promise<{ challengeToken: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const now = app.clock.now();
  const expiresAt = new Date(now.getTime() + app.config.LOGIN_CHALLENGE_TTL_SECONDS * 1000);
  tx.persist(new LoginChallenge(user, digest(token), now, expiresAt, userAgent));
  await tx.flush();
  return { challengeToken: token, expiresAt };
}

const challengeDead = () =>
  new DomainError(
    ErrorCode.LOGIN_CHALLENGE_EXPIRED,
    'This sign-in has expired or was already used; sign in again.',
    'challengeToken',
  );

/** Loads a live login challenge, locked; a dead one (used, expired, out of attempts) is refused. */
export async function liveChallenge(tx: EntityManager, app: AppServices, token: string): Promise<LoginChallenge> {
  const ch = await tx.findOne(
    LoginChallenge,
    { tokenHash: digest(token) },
    { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['user'] },
  );
  if (
    !ch ||
    ch.usedAt ||
    ch.expiresAt <= app.clock.now() ||
    ch.failedAttempts >= LOGIN_CHALLENGE_ATTEMPTS ||
    !ch.user.active
  ) {
    throw challengeDead();
  }
  return ch;
}

/** The email a challenge belongs to, for the login limits (an unknown token: none). */
async function challengeEmail(em: EntityManager, token: string): Promise<string> {
  const ch = await em.fork().findOne(LoginChallenge, { tokenHash: digest(token) }, { populate: ['user'] });
  if (!ch) throw challengeDead();
  return ch.user.email;
}

/**
 * Ends a login's second step: the session starts with its second factor passed (`secondFactorAt`).
 * A wrong code counts against the challenge (a few attempts) and against the login limits.
 * `prove` checks the factor inside the transaction (a code, or a passkey's assertion).
 */
export async function completeLoginWith(
  ctx: Anyone,
  challengeToken: string,
  prove: (tx: EntityManager, ch: LoginChallenge) => Promise<SecondFactorMethod | null>,
): Promise<IssuedSession & { user: User }> {
  const email = await challengeEmail(ctx.em, challengeToken);
  return withThrottle(ctx, email, async () => {
    const outcome = await ctx.em.fork().transactional(async (tx): Promise<Outcome<IssuedSession & { user: User }>> => {
      const ch = await liveChallenge(tx, ctx.app, challengeToken);
      const method = await prove(tx, ch);
      if (!method) return { failed: wrongCode() };
      const now = ctx.app.clock.now();
      ch.usedAt = now;
      const started = await startSession(tx, ctx.app, ch.user, ch.userAgent, now);
      await recordAudit(tx, self(ctx, ch.user.id), {
        action: 'user.login',
        entityType: 'User',
        entityId: ch.user.id,
        after: { sessionId: started.session.id, secondFactor: method },
      });
      return { ok: { ...started, user: ch.user } };
    });
    // A wrong code: the attempt is counted in its own transaction (the one above rolled back nothing it kept).
    if ('failed' in outcome) {
      await ctx.em
        .fork()
        .execute(`update login_challenge set failed_attempts = failed_attempts + 1 where token_hash = ?`, [
          digest(challengeToken),
        ]);
    }
    return outcome;
  });
}

export function completeLogin(ctx: Anyone, input: { challengeToken: string; code: string }) {
  return completeLoginWith(ctx, input.challengeToken, (tx, ch) => proveCode(tx, ctx.app, ch.user.id, input.code));
}

/** What the caller's own account has set up (never a secret). */
export async function twoFactorStatus(ctx: Acting) {
  const userId = ctx.actor.userId;
  const totp = await ctx.em.count(TotpCredential, { user: userId, confirmedAt: { $ne: null } });
  const codes = await ctx.em.count(RecoveryCode, { user: userId, usedAt: null });
  const at = ctx.actor.secondFactorAt ?? null;
  const until = at ? new Date(at.getTime() + ctx.app.config.STEP_UP_WINDOW_SECONDS * 1000) : null;
  return {
    totpEnabled: totp > 0,
    recoveryCodesLeft: codes,
    stepUpValidUntil: until && until > ctx.app.clock.now() ? until : null,
  };
}
