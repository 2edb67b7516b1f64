import type { Request, Response } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../auth/actor';
import { authenticate } from '../auth/authenticate';
import type { Decision } from '../auth/policy';
import { isCancelledByClient, isDatabaseUnavailable, isStatementTimeout } from '../db/unavailable';
import { ServerBusyError } from '../db/pools';
import { Fund } from '../funds/fund.entity';
import type { AppServices } from '../services';

/** A JSON error in the same shape as the GraphQL transport errors. */
export function fail(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code, requestId: res.locals.requestId } }] });
}

export async function fundByCode(em: EntityManager, res: Response, code: string): Promise<Fund | null> {
  const fund = /^[A-Za-z0-9_-]{1,32}$/.test(code) ? await em.findOne(Fund, { code }) : null;
  if (!fund) fail(res, 404, 'NOT_FOUND', `No fund with code "${code}".`);
  return fund;
}

/** Same Bearer tokens as /graphql; answers 401/403 itself and returns null when refused. */
export async function requireActor(
  app: AppServices,
  em: EntityManager,
  req: Request,
  res: Response,
  policy: (actor: Actor) => Decision,
): Promise<Actor | null> {
  const { actor, authError } = await authenticate(req, em, app.tokens, app.clock.now());
  if (!actor) {
    res.setHeader('www-authenticate', 'Bearer');
    fail(res, 401, 'UNAUTHENTICATED', authError ?? 'Authentication required.');
    return null;
  }
  const decision = policy(actor);
  if (!decision.allowed) {
    fail(res, 403, 'FORBIDDEN', decision.reason ?? 'Forbidden.');
    return null;
  }
  return actor;
}

/** Runs an async handler; unexpected errors are logged and answered 500 (or the stream is cut). */
export function handler(app: AppServices, name: string, fn: (req: Request, res: Response) => Promise<void>) {
  return (req: Request, res: Response): void => {
    fn(req, res).catch((err: unknown) => {
      if (isCancelledByClient(err)) {
        app.log.info({ requestId: res.locals.requestId, route: name }, 'client went away: export stopped');
        res.destroy();
        return;
      }
      if (err instanceof ServerBusyError) {
        res.setHeader('retry-after', String(err.retryAfterSeconds));
        return fail(res, 503, 'SERVER_BUSY', err.message);
      }
      app.log.error({ err, requestId: res.locals.requestId, route: name }, 'export failed');
      if (res.headersSent) res.destroy(err instanceof Error ? err : new Error(String(err)));
      else if (isStatementTimeout(err)) {
        res.setHeader('retry-after', '5');
        fail(
          res,
          503,
          'QUERY_TIMEOUT',
          'The export took too long and was stopped; choose a shorter period or retry later.',
        );
      } else if (isDatabaseUnavailable(err)) {
        res.setHeader('retry-after', '1');
        fail(res, 503, 'SERVICE_UNAVAILABLE', 'The service is temporarily unavailable; retry shortly.');
      } else fail(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
    });
  };
}

export const queryString = (req: Request, name: string): string | undefined => {
  const v = req.query[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
};
