import { LockMode } from '@mikro-orm/core';
import { auditActor, recordAudit } from '../audit/audit.service';
import { authorize } from '../auth/policy';
import { getByGlobalId } from '../db/find';
import type { Acting, ServiceDeps } from '../services';
import { SanctionsMatch, SanctionsMatchStatus } from './sanctions.entity';
import { canDecideSanctionsMatch } from './sanctions.policy';
import type { ScreeningDeps } from './screening.service';
import { Machine } from '../core/transition';

/** A decision is final once CONFIRMED; a cleared match can still be confirmed on new information. */
export const MATCH_TRANSITIONS: Record<SanctionsMatchStatus, SanctionsMatchStatus[]> = {
  [SanctionsMatchStatus.POSSIBLE]: [SanctionsMatchStatus.CLEARED, SanctionsMatchStatus.CONFIRMED],
  [SanctionsMatchStatus.CLEARED]: [SanctionsMatchStatus.CONFIRMED],
  [SanctionsMatchStatus.CONFIRMED]: [],
};

/** The secretariat decides matches; the screening job creates them POSSIBLE. */
export const MATCH_MACHINE = Machine.fromTable('SanctionsMatch', MATCH_TRANSITIONS, () => ['SECRETARIAT'], 'match');

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
    if (m.status === to) return m;
    MATCH_MACHINE.assert(m.status, to, 'matchId');
    const from = m.status;
    m.status = to;
    m.decisionReason = reason;
    m.decidedById = ctx.actor.userId;
    m.decidedAt = ctx.app.clock.now();
    await tx.flush();
    await recordAudit(tx, auditActor(ctx, role), {
      action: to === SanctionsMatchStatus.CLEARED ? 'sanctions.clear' : 'sanctions.confirm',
      entityType: 'Organization',
      entityId: m.organization.id,
      before: { matchId: m.id, status: from },
      after: { matchId: m.id, status: to, reason, entryDataId: m.entryDataId, screenedName: m.screenedName },
    });
    return m;
  });
}
