import type { Express, Request, Response } from 'express';
import { DomainError } from '../core/errors';
import type { AppServices, ServiceDeps } from '../services';
import { logoutByRefreshToken, refreshSession } from './session.service';

/**
 * The browser portal's refresh token: an HttpOnly, Secure, SameSite=Strict cookie sent only to
 * /auth/refresh (and /auth/refresh/logout below it). Scripts never see it; /graphql never receives
 * it, so GraphQL authenticates by bearer token alone and cookies cannot forge a GraphQL request.
 */
export const REFRESH_COOKIE = 'vtf_refresh';
export const REFRESH_PATH = '/auth/refresh';
/** The header the portal sends with every cookie request: a cross-site page cannot send it without a preflight. */
export const CSRF_HEADER = 'x-vtf-csrf';

const cookieOptions = { httpOnly: true, secure: true, sameSite: 'strict', path: REFRESH_PATH } as const;

export function setRefreshCookie(res: Response, token: string, expiresAt: Date): void {
  res.cookie(REFRESH_COOKIE, token, { ...cookieOptions, expires: expiresAt });
}

export function clearRefreshCookie(res: Response): void {
  res.clearCookie(REFRESH_COOKIE, cookieOptions);
}

export function readRefreshCookie(req: Request): string | null {
  for (const part of (req.header('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === REFRESH_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
    }
  }
  return null;
}

function fail(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code, requestId: res.locals.requestId } }] });
}

/**
 * CSRF: the cookie is SameSite=Strict (another site's page never sends it), and these routes also
 * need the custom header, which a cross-origin page can only send after a CORS preflight that
 * these routes do not answer. Only POST is served, so a link or an image cannot trigger them.
 */
function csrfChecked(req: Request, res: Response): boolean {
  res.setHeader('cache-control', 'no-store');
  if (req.header(CSRF_HEADER) === '1') return true;
  fail(res, 403, 'CSRF', `Send the header ${CSRF_HEADER}: 1 with this request.`);
  return false;
}

/** POST /auth/refresh (new access token, rotated cookie) and POST /auth/refresh/logout. */
export function refreshCookieRoutes(ex: Express, app: AppServices): void {
  const deps = (req: Request, res: Response): ServiceDeps => ({
    em: app.orm.em.fork(),
    app,
    log: app.log.child({ requestId: res.locals.requestId }),
    requestId: res.locals.requestId as string,
    clientAddress: req.ip ?? req.socket.remoteAddress ?? 'unknown',
  });

  ex.post(REFRESH_PATH, async (req, res, next) => {
    try {
      if (!csrfChecked(req, res)) return;
      const presented = readRefreshCookie(req);
      if (!presented) return fail(res, 401, 'UNAUTHENTICATED', 'No session: sign in.');
      const issued = await refreshSession(deps(req, res), presented);
      setRefreshCookie(res, issued.refreshToken, issued.refreshExpiresAt);
      res.json({ token: issued.token, expiresAt: issued.expiresAt.toISOString() });
    } catch (e) {
      if (!(e instanceof DomainError)) return next(e);
      clearRefreshCookie(res);
      fail(res, 401, e.code, e.message);
    }
  });

  ex.post(`${REFRESH_PATH}/logout`, async (req, res, next) => {
    try {
      if (!csrfChecked(req, res)) return;
      const presented = readRefreshCookie(req);
      if (presented) await logoutByRefreshToken(deps(req, res), presented);
      clearRefreshCookie(res);
      res.status(204).end();
    } catch (e) {
      next(e);
    }
  });

  // Any other method (a link, an image, a prefetch) changes nothing and is not the portal's page either.
  ex.all([REFRESH_PATH, `${REFRESH_PATH}/logout`], (_req, res) => {
    res.setHeader('allow', 'POST');
    fail(res, 405, 'METHOD_NOT_ALLOWED', 'Use POST.');
  });
}
