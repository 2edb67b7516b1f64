import type { EntityManager } from '@mikro-orm/postgresql';
import { Report } from '../reports/report.entity';
import { type Award } from '../awards/award.entity';
import { type Tranche } from './tranche.entity';
import { awardHasOverdueReport, awardsWithOverdueReport } from '../reports/report.repository';
import type { Fund } from '../funds/fund.entity';
import type { Context } from '../graphql/context';
import type { Anyone } from '../services';
import { Organization } from '../organizations/organization.entity';
import type { SanctionsMatch } from '../sanctions/sanctions.entity';
import { blockingMatches } from '../sanctions/screening.service';
import type { TrancheFacts } from './tranche.rules';

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | null = null;
  return () => (p ??= load());
}

/** Facts read inside the mutation's transaction (after the fund, award and tranche locks). */
export function factsInTransaction(
  tx: EntityManager,
  ctx: Anyone,
  l: { tranche: Tranche; award: Award; fund: Fund },
): TrancheFacts {
  const now = ctx.app.clock.now();
  return {
    actor: ctx.actor,
    ...l,
    now,
    organization: once(() => tx.findOneOrFail(Organization, { id: l.award.organization.id })),
    conditionReport: once(async () =>
      l.tranche.conditionReport ? tx.findOneOrFail(Report, { id: l.tranche.conditionReport.id }) : null,
    ),
    hasOverdueReport: once(() => awardHasOverdueReport(tx, l.award.id, now)),
    blockingSanctionsMatches: once(async () => (await blockingMatches(tx, [l.award.organization.id]))[0] ?? []),
  };
}

/** The same facts through per-request loaders, for `Tranche.permissions` on lists (no N+1). */
export function factsFromLoaders(ctx: Context, tranche: Tranche, award: Award, fund: Fund): TrancheFacts {
  const now = ctx.app.clock.now();
  return {
    actor: ctx.actor,
    tranche,
    award,
    fund,
    now,
    organization: once(async () => {
      const org = await ctx.loaders.byId(Organization, 'tranche.permissions.organization').load(award.organization.id);
      if (!org) throw new Error(`organization ${award.organization.id} not found`);
      return org;
    }),
    conditionReport: once(async () =>
      tranche.conditionReport
        ? ctx.loaders.byId(Report, 'tranche.permissions.condition').load(tranche.conditionReport.id)
        : null,
    ),
    hasOverdueReport: once(() =>
      ctx.loaders
        .named<string, boolean>('tranche.permissions.overdue', async (ids) => {
          const overdue = await awardsWithOverdueReport(ctx.em, ids, now);
          return ids.map((id) => overdue.has(id));
        })
        .load(award.id),
    ),
    blockingSanctionsMatches: once(() =>
      ctx.loaders
        .named<string, SanctionsMatch[]>('tranche.permissions.sanctions', (ids) => blockingMatches(ctx.em, ids))
        .load(award.organization.id),
    ),
  };
}
