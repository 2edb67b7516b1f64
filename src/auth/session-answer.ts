import type { Context } from '../graphql/context';

/** Browsers asked for the refresh token as the portal's cookie: set it, and leave it out of the payload. */
export function withRefreshCookie<T extends object>(ctx: Context, asCookie: boolean, answer: T): T {
  const a = answer as { refreshToken?: string | null; refreshExpiresAt?: Date | null };
  if (!a.refreshToken || !a.refreshExpiresAt || !asCookie || !ctx.http) return answer;
  ctx.http.setRefreshCookie(a.refreshToken, a.refreshExpiresAt);
  return { ...answer, refreshToken: null };
}
