import type { Request } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from './actor';
import type { TokenService } from './token';
import { loadActor } from '../users/user.service';

export interface Authentication {
  actor: Actor | null;
  /** Why a presented bearer token was refused (null when none was sent or it was accepted). */
  authError: string | null;
}

/**
 * Reads `Authorization: Bearer <token>` and loads the actor. Shared by the GraphQL context and the
 * plain HTTP routes (CSV exports) so both accept exactly the same tokens.
 */
export async function authenticate(
  req: Request,
  em: EntityManager,
  tokens: TokenService,
  now: Date,
): Promise<Authentication> {
  const header = req.header('authorization');
  if (!header) return { actor: null, authError: null };
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  const claims = m ? await tokens.verify(m[1]) : { error: 'Malformed Authorization header.' };
  if ('error' in claims) return { actor: null, authError: claims.error };
  const actor = await loadActor(em, claims.sub, { id: claims.sid, now });
  return actor
    ? { actor, authError: null }
    : { actor: null, authError: 'Session ended or user inactive; sign in again.' };
}
