import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '../auth/policy';
import { acting, type Context } from '../graphql/context';
import { payload } from '../graphql/errors';
import { Organization } from '../organizations/organization.entity';
import { Role } from '../users/user.entity';
import { SanctionsListImport, SanctionsMatch, SanctionsMatchStatus, SanctionsScreening } from './sanctions.entity';
import { latestListImport } from './sanctions-import.service';
import { canReadSanctions } from './sanctions.policy';
import { decideSanctionsMatch } from './sanctions.service';
import { DecideSanctionsMatchInput, SanctionsMatchPayload, SanctionsStatus } from './sanctions.types';

@Resolver(() => Organization)
export class OrganizationSanctionsResolver {
  @FieldResolver(() => SanctionsStatus, {
    nullable: true,
    description: 'Sanctions screening; null for anyone but the secretariat, auditors and administrators.',
  })
  async sanctions(@Root() org: Organization, @Ctx() ctx: Context): Promise<SanctionsStatus | null> {
    if (!canReadSanctions(ctx.actor).allowed) return null;
    const [matches, lastScreening] = await Promise.all([
      ctx.loaders
        .named<string, SanctionsMatch[]>('organization.sanctionsMatches', async (ids) => {
          const rows = await ctx.em.find(
            SanctionsMatch,
            { organization: { $in: [...ids] } },
            { orderBy: { id: 'asc' } },
          );
          return ids.map((id) => rows.filter((m) => m.organization.id === id));
        })
        .load(org.id),
      ctx.loaders
        .named<string, SanctionsScreening | null>('organization.lastScreening', async (ids) => {
          const rows = await ctx.em.execute<{ id: string; organization_id: string }[]>(
            `select distinct on (organization_id) id, organization_id from sanctions_screening
              where organization_id in (?) order by organization_id, screened_at desc, id desc`,
            [[...ids]],
          );
          const found = await ctx.em.find(SanctionsScreening, { id: { $in: rows.map((r) => r.id) } });
          return ids.map((id) => found.find((s) => s.organization.id === id) ?? null);
        })
        .load(org.id),
    ]);
    return Object.assign(new SanctionsStatus(), {
      paymentHold: matches.some((m) => m.status !== SanctionsMatchStatus.CLEARED),
      lastScreening,
      matches,
    });
  }
}

@Resolver()
export class SanctionsResolver {
  @Authorized(Role.ADMIN, Role.SECRETARIAT, Role.AUDITOR)
  @Query(() => SanctionsListImport, {
    nullable: true,
    description: 'The sanctions list in force (its last import); null before the first import.',
  })
  sanctionsList(@Ctx() ctx: Context): Promise<SanctionsListImport | null> {
    authorize(canReadSanctions(ctx.actor));
    return latestListImport(ctx.em);
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => SanctionsMatchPayload, {
    description: 'Records a possible match as a false positive, with the reason.',
  })
  clearSanctionsMatch(
    @Arg('input', () => DecideSanctionsMatchInput) input: DecideSanctionsMatchInput,
    @Ctx() ctx: Context,
  ) {
    return payload(async () => ({
      match: await decideSanctionsMatch(acting(ctx), input.matchId, SanctionsMatchStatus.CLEARED, input.reason),
    }));
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => SanctionsMatchPayload, {
    description: 'Confirms a match, with the reason: the organisation cannot be paid.',
  })
  confirmSanctionsMatch(
    @Arg('input', () => DecideSanctionsMatchInput) input: DecideSanctionsMatchInput,
    @Ctx() ctx: Context,
  ) {
    return payload(async () => ({
      match: await decideSanctionsMatch(acting(ctx), input.matchId, SanctionsMatchStatus.CONFIRMED, input.reason),
    }));
  }
}
