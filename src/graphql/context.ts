import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Actor } from '../auth/actor';
import type { Acting, AppServices } from '../services';
import { UnauthenticatedError } from '../core/errors';
import { Loaders } from './loaders';

/** The HTTP side of a GraphQL request, for the few operations that need it (sessions). */
export interface HttpExchange {
  userAgent: string | null;
  /** Sets the portal's refresh-token cookie on the response (src/auth/refresh-cookie.ts). */
  setRefreshCookie(token: string, expiresAt: Date): void;
  clearRefreshCookie(): void;
}

export interface Context {
  em: EntityManager;
  actor: Actor | null;
  requestId: string;
  /** The client's address (`req.ip`, behind TRUST_PROXY's proxies), for rate limits. */
  clientAddress: string;
  log: Logger;
  loaders: Loaders;
  app: AppServices;
  /** Reason the bearer token was refused, reported when an operation needs authentication. */
  authError: string | null;
  /** null outside an HTTP request. */
  http?: HttpExchange | null;
}

/** The signed-in caller, or UNAUTHENTICATED: for `@Authorized` resolvers, instead of `ctx.actor!`. */
export function actorOf(ctx: Context): Actor {
  if (!ctx.actor) throw new UnauthenticatedError(ctx.authError ?? 'Authentication required.');
  return ctx.actor;
}

/** A request as a service call: its dependencies and its signed-in actor (checked here, once). */
export function acting(ctx: Context): Acting {
  const { em, app, log, requestId, clientAddress } = ctx;
  return { em, app, log, requestId, clientAddress, actor: actorOf(ctx) };
}
