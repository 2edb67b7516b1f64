import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Actor } from '../auth/actor';
import type { AuditActor } from '../audit/audit.service';
import type { Role } from '../users/user.entity';
import type { AppServices } from '../services';
import { Loaders } from './loaders';

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
}

export function auditActor(ctx: Context, role: Role | string): AuditActor {
  return { actorId: ctx.actor?.userId ?? null, actorRole: role, requestId: ctx.requestId };
}
