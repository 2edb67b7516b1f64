import { attachedRequirements } from '../documents/document.repository';
import { raw } from '@mikro-orm/core';
import { actorOf, type Context } from '../graphql/context';
import { groupBy } from '../graphql/loaders';
import { Award } from '../awards/award.entity';
import { grantHistories, type GrantHistory } from '../awards/award.repository';
import { Report } from '../reports/report.entity';
import { Tranche } from '../tranches/tranche.entity';
import { overdueOrgFunds } from '../reports/report.repository';
import { awardedInCalls, awardRowsOfApplications } from '../awards/award.repository';
import { trancheRowsOfAwards } from '../tranches/tranche.repository';
import { conflictRowsOfApplications, reviewRowsOfApplications } from '../reviews/review.repository';
import { BoardVote, ConflictDeclaration, Review } from '../reviews/review.entity';
import { Application, ApplicationVersion, EligibilityCheck } from './application.entity';
import { readableApplicationsWhere } from './application.policy';
import { viewsOf } from '../db/view';
import { required } from '../core/required';

/** Per-request loaders of the grant cycle's relations: one statement per relation and tick. */
export const gcLoaders = {
  applicationsByCall: (ctx: Context) =>
    ctx.loaders.named<string, Application[]>('applicationsByCall', async (ids) =>
      groupBy(
        ids,
        await ctx.em.find(Application, { call: { $in: [...ids] } }, { orderBy: { id: 'asc' } }),
        (a) => a.call.id,
      ),
    ),
  /**
   * The first `first` applications of each call that the caller may see: the limit per call is a
   * window in SQL, so a page of calls never loads every application of every call.
   */
  firstApplicationsByCall: (ctx: Context, first: number) =>
    ctx.loaders.named<string, Application[]>(`firstApplicationsByCall:${first}`, async (ids) => {
      const inner = ctx.em
        .createQueryBuilder(Application, 'a')
        .select(['a.*', raw('row_number() over (partition by a.call_id order by a.id) as rn')])
        .where({ $and: [{ call: { $in: [...ids] } }, readableApplicationsWhere(actorOf(ctx))] })
        .getKnexQuery();
      const knex = ctx.em.getKnex();
      const rows = await ctx.em.execute<Record<string, unknown>[]>(
        knex.select('*').from(inner.as('x')).where('rn', '<=', first).orderBy('id'),
      );
      // Read-only views, not managed entities: hydrating them was most of a nested read's CPU.
      return groupBy(ids, viewsOf(ctx.em, Application, rows), (a) => a.call.id);
    }),
  versionsByApplication: (ctx: Context) =>
    ctx.loaders.named<string, ApplicationVersion[]>('versionsByApplication', async (ids) =>
      groupBy(
        ids,
        await ctx.em.find(ApplicationVersion, { application: { $in: [...ids] } }, { orderBy: { version: 'asc' } }),
        (v) => v.application.id,
      ),
    ),
  checksByApplication: (ctx: Context) =>
    ctx.loaders.named<string, EligibilityCheck[]>('checksByApplication', async (ids) =>
      groupBy(
        ids,
        await ctx.em.find(EligibilityCheck, { application: { $in: [...ids] } }, { orderBy: { id: 'asc' } }),
        (c) => c.application.id,
      ),
    ),
  /** Read-only views (src/db/view.ts): the field only lists them. */
  reviewsByApplication: (ctx: Context) =>
    ctx.loaders.named<string, Review[]>('reviewsByApplication', async (ids) => {
      const rows = await reviewRowsOfApplications(ctx.em, ids);
      return groupBy(ids, viewsOf(ctx.em, Review, rows), (r) => r.application.id);
    }),
  /** Declared conflicts on each application or on its organisation (an organisation's cover all its applications). */
  conflictsByApplication: (ctx: Context) =>
    ctx.loaders.named<string, ConflictDeclaration[]>('conflictsByApplication', async (ids) => {
      const rows = await conflictRowsOfApplications(ctx.em, ids);
      const views = viewsOf(ctx.em, ConflictDeclaration, rows);
      return groupBy(
        ids,
        views.map((d, i) => ({ d, app: required(rows[i], 'rows[i]').for_application })),
        (x) => x.app,
      ).map((list) => list.map((x) => x.d));
    }),
  votesByApplication: (ctx: Context) =>
    ctx.loaders.named<string, BoardVote[]>('votesByApplication', async (ids) =>
      groupBy(
        ids,
        await ctx.em.find(BoardVote, { application: { $in: [...ids] } }, { orderBy: { id: 'asc' } }),
        (v) => v.application.id,
      ),
    ),
  /** Read-only views (src/db/view.ts), as the next two: the fields only list them. */
  awardByApplication: (ctx: Context) =>
    ctx.loaders.named<string, Award | null>('awardByApplication', async (ids) => {
      const rows = await awardRowsOfApplications(ctx.em, ids);
      return groupBy(ids, viewsOf(ctx.em, Award, rows), (a) => a.application.id).map((l) => l[0] ?? null);
    }),
  /** Each tranche's `award` stub carries the award's currency, which its `amount` needs. */
  tranchesByAward: (ctx: Context) =>
    ctx.loaders.named<string, Tranche[]>('tranchesByAward', async (ids) => {
      const rows = await trancheRowsOfAwards(ctx.em, ids);
      const tranches = viewsOf(ctx.em, Tranche, rows);
      tranches.forEach((t, i) => {
        t.award = Object.setPrototypeOf(
          { id: t.award.id, currency: required(rows[i], 'rows[i]').award_currency },
          Award.prototype,
        ) as Award;
      });
      return groupBy(ids, tranches, (t) => t.award.id);
    }),
  reportsByAward: (ctx: Context) =>
    ctx.loaders.named<string, Report[]>('reportsByAward', async (ids) =>
      groupBy(
        ids,
        await ctx.em.find(Report, { award: { $in: [...ids] } }, { orderBy: { dueDate: 'asc', id: 'asc' } }),
        (r) => r.award.id,
      ),
    ),
  awardedByCall: (ctx: Context) =>
    ctx.loaders.named<string, bigint>('awardedByCall', (ids) => awardedInCalls(ctx.em, ids)),
  /** The caller's own votes (one query for every application of the request). */
  myVotedApplications: (ctx: Context) =>
    ctx.loaders
      .named<string, Set<string>>('myVotedApplications', async (keys) => {
        const rows = ctx.actor ? await ctx.em.find(BoardVote, { voter: ctx.actor.userId }) : [];
        const set = new Set(rows.map((v) => v.application.id));
        return keys.map(() => set);
      })
      .load('me'),
  /** Per application: the required-document names its attached documents fulfil. */
  attachedDocuments: (ctx: Context) =>
    ctx.loaders.named<string, Set<string>>('attachedDocuments', async (ids) => {
      const map = await attachedRequirements(ctx.em, ids);
      return ids.map((id) => map.get(id) ?? new Set());
    }),
  /** "org|fund" pairs: the organisation's awards of the fund. */
  grantHistory: (ctx: Context) =>
    ctx.loaders.named<string, GrantHistory>('grantHistory', (keys) => grantHistories(ctx.em, keys)),
  /** "org|fund" pairs with an overdue report. */
  overdue: (ctx: Context) =>
    ctx.loaders.named<string, boolean>('overdueByOrgFund', async (keys) => {
      const orgs = [...new Set(keys.map((k) => required(k.split('|')[0], 'organisation key')))];
      const set = await overdueOrgFunds(ctx.em, orgs, ctx.app.clock.now());
      return keys.map((k) => set.has(k));
    }),
};
