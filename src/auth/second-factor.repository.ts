import type { EntityManager } from '@mikro-orm/postgresql';
import { Passkey, TotpCredential } from './second-factor.entity';

export async function hasPasskey(em: EntityManager, userId: string): Promise<boolean> {
  return (await em.count(Passkey, { user: userId })) > 0;
}

/** A confirmed authenticator app, or at least one passkey. */
export async function hasSecondFactor(em: EntityManager, userId: string): Promise<boolean> {
  const totp = await em.count(TotpCredential, { user: userId, confirmedAt: { $ne: null } });
  return totp > 0 || (await hasPasskey(em, userId));
}

/** Whether a fund's policy (one of `fundIds`, or any fund when null) lists the action. */
export async function policyGuards(em: EntityManager, action: string, fundIds: string[] | null): Promise<boolean> {
  const [row] = await em.execute<{ guarded: boolean }[]>(
    `select exists (select 1 from fund where step_up_actions @> ?::jsonb${
      fundIds ? ' and id = any(?::uuid[])' : ''
    }) as guarded`,
    fundIds ? [JSON.stringify([action]), `{${fundIds.join(',')}}`] : [JSON.stringify([action])],
  );
  return !!row?.guarded;
}
