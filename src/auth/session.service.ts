import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { recordAudit, type AuditActor } from '../audit/audit.service';
import { DomainError, ErrorCode } from '../core/errors';
import { getByGlobalId } from '../db/find';
import type { Acting, AppServices, ServiceDeps } from '../services';
import type { User } from '../users/user.entity';
import { RefreshToken, Session, SessionEnd } from './session.entity';

/** What a login or a refresh hands out: an access token of the session and the next refresh token. */
export interface IssuedSession {
  session: Session;
  token: string;
  expiresAt: Date;
  refreshToken: string;
  refreshExpiresAt: Date;
}

/** Opaque refresh tokens: 256 random bits; only their SHA-256 digest is stored. */
function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

export function refreshTokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const seconds = (now: Date, s: number) => new Date(now.getTime() + s * 1000);

/** A refresh token of `session`, stored hashed; it lives REFRESH_TOKEN_TTL_SECONDS, never past the session. */
async function issueForSession(tx: EntityManager, app: AppServices, session: Session): Promise<IssuedSession> {
  const now = app.clock.now();
  const refreshToken = newRefreshToken();
  const idle = seconds(now, app.config.REFRESH_TOKEN_TTL_SECONDS);
  const refreshExpiresAt = idle < session.expiresAt ? idle : session.expiresAt;
  tx.persist(new RefreshToken(session, refreshTokenDigest(refreshToken), now, refreshExpiresAt));
  await tx.flush();
  const { token, expiresAt } = await app.tokens.issue(session.user.id, session.id);
  return { session, token, expiresAt, refreshToken, refreshExpiresAt };
}

/** Opens a session for a user who just proved who they are (login); inside the caller's transaction. */
export async function startSession(
  tx: EntityManager,
  app: AppServices,
  user: User,
  userAgent: string | null,
  secondFactorAt: Date | null = null,
): Promise<IssuedSession> {
  const now = app.clock.now();
  const session = new Session(user, userAgent, now, seconds(now, app.config.SESSION_MAX_AGE_SECONDS));
  session.secondFactorAt = secondFactorAt;
  tx.persist(session);
  return issueForSession(tx, app, session);
}

const REFUSED = 'This refresh token is not valid (expired, already used or signed out); sign in again.';

type RefreshOutcome = { ok: IssuedSession } | { reused: true } | { refused: true };

/**
 * Exchanges a refresh token for a new access token and a new refresh token (rotation). The old
 * one is spent: presenting it again means it was copied, so the whole session (every token of
 * its family) ends at once, and the answer is the same refusal as for any other bad token.
 * Concurrent exchanges of one token queue on its row: one wins, the other counts as a reuse.
 */
export async function refreshSession(deps: ServiceDeps, presented: string): Promise<IssuedSession> {
  const { app } = deps;
  const outcome = await deps.em.fork().transactional(async (tx): Promise<RefreshOutcome> => {
    const now = app.clock.now();
    const rt = await tx.findOne(
      RefreshToken,
      { tokenHash: refreshTokenDigest(presented) },
      { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['session', 'session.user'] },
    );
    if (!rt) return { refused: true };
    const session = rt.session;
    const system: AuditActor = { actorId: session.user.id, actorRole: 'SELF', requestId: deps.requestId };
    if (rt.usedAt) {
      if (!session.revokedAt) {
        await endSessions(tx, system, session.user.id, SessionEnd.REFRESH_REUSED, now, { only: session.id });
      }
      return { reused: true };
    }
    if (session.revokedAt || session.expiresAt <= now || rt.expiresAt <= now || !session.user.active) {
      return { refused: true };
    }
    rt.usedAt = now;
    session.lastUsedAt = now;
    const issued = await issueForSession(tx, app, session);
    await recordAudit(tx, system, {
      action: 'session.refresh',
      entityType: 'Session',
      entityId: session.id,
      after: { userId: session.user.id },
    });
    return { ok: issued };
  });
  if ('ok' in outcome) return outcome.ok;
  if ('reused' in outcome) deps.log.warn({ event: 'refresh_token_reused' }, 'refresh token reused; session ended');
  throw new DomainError(ErrorCode.INVALID_REFRESH_TOKEN, REFUSED, 'refreshToken');
}

/**
 * Ends live sessions of a user (all, all but one, or only one) with a reason; their access tokens
 * and refresh tokens are refused from the next request on. One audit event per ended session.
 * Runs inside the caller's transaction, so the change that causes it commits with it.
 */
export async function endSessions(
  tx: EntityManager,
  audit: AuditActor,
  userId: string,
  reason: SessionEnd,
  now: Date,
  which: { only?: string; except?: string | null } = {},
): Promise<number> {
  const params: unknown[] = [now, reason, userId];
  let filter = '';
  if (which.only) {
    filter = ' and id = ?';
    params.push(which.only);
  } else if (which.except) {
    filter = ' and id <> ?';
    params.push(which.except);
  }
  const ended = await tx.execute<{ id: string }[]>(
    `update auth_session set revoked_at = ?, end_reason = ? where user_id = ? and revoked_at is null${filter}
     returning id`,
    params,
  );
  if (ended.length === 0) return 0;
  await recordAudit(
    tx,
    audit,
    ended.map((s) => ({
      action: 'session.end',
      entityType: 'Session',
      entityId: s.id,
      before: { revoked: false },
      after: { revoked: true, reason, userId },
    })),
  );
  return ended.length;
}

/** The caller's current session ends (logout). Repeating it changes nothing. */
export async function logout(ctx: Acting): Promise<{ ended: number }> {
  const sessionId = ctx.actor.sessionId;
  if (!sessionId) return { ended: 0 };
  const ended = await ctx.em.transactional((tx) =>
    endSessions(tx, self(ctx), ctx.actor.userId, SessionEnd.LOGOUT, ctx.app.clock.now(), { only: sessionId }),
  );
  return { ended };
}

/** Every session of the caller ends, this one included. */
export async function logoutEverywhere(ctx: Acting): Promise<{ ended: number }> {
  const ended = await ctx.em.transactional((tx) =>
    endSessions(tx, self(ctx), ctx.actor.userId, SessionEnd.LOGOUT_EVERYWHERE, ctx.app.clock.now()),
  );
  return { ended };
}

/**
 * Ends one of the caller's own sessions (a lost phone). Another user's session answers like a
 * missing one (NOT_FOUND), so session ids cannot be probed.
 */
export async function revokeSession(ctx: Acting, sessionId: string): Promise<Session> {
  return ctx.em.transactional(async (tx) => {
    const session = await getByGlobalId(tx, Session, 'Session', sessionId, 'sessionId', {
      lockMode: LockMode.PESSIMISTIC_WRITE,
    });
    if (session.user.id !== ctx.actor.userId) {
      throw new DomainError(ErrorCode.NOT_FOUND, 'Session not found.', 'sessionId');
    }
    if (session.revokedAt) return session;
    await endSessions(tx, self(ctx), ctx.actor.userId, SessionEnd.REVOKED, ctx.app.clock.now(), {
      only: session.id,
    });
    await tx.refresh(session);
    return session;
  });
}

function self(ctx: Acting): AuditActor {
  return { actorId: ctx.actor.userId, actorRole: 'SELF', requestId: ctx.requestId };
}

/**
 * Logout from the portal's cookie: the refresh token (even a spent one) names its session, which
 * ends. An unknown token changes nothing; the answer is the same either way.
 */
export async function logoutByRefreshToken(deps: ServiceDeps, presented: string): Promise<void> {
  await deps.em.fork().transactional(async (tx) => {
    const rt = await tx.findOne(RefreshToken, { tokenHash: refreshTokenDigest(presented) }, { populate: ['session'] });
    if (!rt || rt.session.revokedAt) return;
    const userId = rt.session.user.id;
    await endSessions(
      tx,
      { actorId: userId, actorRole: 'SELF', requestId: deps.requestId },
      userId,
      SessionEnd.LOGOUT,
      deps.app.clock.now(),
      { only: rt.session.id },
    );
  });
}
