import { LockMode } from '@mikro-orm/core';
import { allow, authorize } from '../auth/policy';
import { getByGlobalId } from '../db/find';
import type { Acting, ServiceDeps } from '../services';
import { SanctionsMatch, SanctionsMatchStatus } from './sanctions.entity';
import { canDecideSanctionsMatch } from './sanctions.policy';
import type { ScreeningDeps } from './screening.service';
import { Machine, statusField, transition } from '../core/transition';

/** A decision is final once CONFIRMED; a cleared match can still be confirmed on new information. */
export const MATCH_TRANSITIONS: Record<SanctionsMatchStatus, SanctionsMatchStatus[]> = {
  [SanctionsMatchStatus.POSSIBLE]: [SanctionsMatchStatus.CLEARED, SanctionsMatchStatus.CONFIRMED],
  [SanctionsMatchStatus.CLEARED]: [SanctionsMatchStatus.CONFIRMED],
  [SanctionsMatchStatus.CONFIRMED]: [],
};

/** The secretariat decides matches; the screening job creates them POSSIBLE. */
export const MATCH_MACHINE = Machine.fromTable('SanctionsMatch', MATCH_TRANSITIONS, () => ['SECRETARIAT'], 'match');

const MATCH_STATUS = statusField<SanctionsMatch, 'status'>('status');

export const screeningDeps = (ctx: ServiceDeps): ScreeningDeps => ({
  clock: ctx.app.clock,
  threshold: ctx.app.config.SANCTIONS_MATCH_THRESHOLD,
});

export async function decideSanctionsMatch(
  ctx: Acting,
  matchId: string,
  to: SanctionsMatchStatus.CLEARED | SanctionsMatchStatus.CONFIRMED,
  reason: string,
): Promise<SanctionsMatch> {
  const role = authorize(canDecideSanctionsMatch(ctx.actor));
  return ctx.em.transactional(async (tx) => {
    const m = await getByGlobalId(tx, SanctionsMatch, 'SanctionsMatch', matchId, 'matchId', {
      lockMode: LockMode.PESSIMISTIC_WRITE,
    });
    return transition(tx, ctx, MATCH_MACHINE, m, MATCH_STATUS, to, allow(role), {
      action: to === SanctionsMatchStatus.CLEARED ? 'sanctions.clear' : 'sanctions.confirm',
      field: 'matchId',
      subject: { type: 'Organization', id: m.organization.id },
      apply: () => {
        m.decisionReason = reason;
        m.decidedById = ctx.actor.userId;
        m.decidedAt = ctx.app.clock.now();
      },
      beforeDetail: { matchId: m.id },
      detail: { matchId: m.id, reason, entryDataId: m.entryDataId, screenedName: m.screenedName },
    });
  });
}
