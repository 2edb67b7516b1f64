import type { EntityManager } from '@mikro-orm/postgresql';
import type { Application } from '../applications/application.entity';
import { canReadReviews, reviewsReaderIn } from '../applications/application.policy';
import type { Actor } from '../auth/actor';
import type { RuleDecision } from '../auth/enforce';
import type { Context } from '../graphql/context';
import { Role } from '../users/user.entity';
import { required } from '../core/required';
import type { VoteChoice } from './review.entity';

/**
 * The board of a fund and its members' conflicts of interest, defined once here in SQL and used
 * by every path: the vote and amendment tallies, `Application.tally`, `Fund.boardSize`, the
 * review, vote and confidentiality rules (the caller's own conflict) and the compiled reads.
 */

/** A role grant (alias `g`) that seats its user on the board of `fund`: BOARD_MEMBER on it or on every fund. */
export const seatsOnSql = (g: string, fund: string): string =>
  `(${g}.role = '${Role.BOARD_MEMBER}' and (${g}.fund_id = ${fund} or ${g}.fund_id is null))`;

/**
 * The conflict rule: the user (an SQL expression) declared a conflict with the application
 * (alias `app`) or its organisation, or is a member of that organisation.
 */
export const conflictedSql = (user: string, app: string): string =>
  `(exists (select 1 from conflict_declaration cd where cd.member_id = ${user} and cd.has_conflict ` +
  `and (cd.application_id = ${app}.id or cd.organization_id = ${app}.organization_id)) ` +
  `or exists (select 1 from membership cm where cm.user_id = ${user} and cm.organization_id = ${app}.organization_id))`;

/** The user confirmed having no conflict with this application (needed before scoring). */
const confirmedSql = (user: string, app: string): string =>
  `exists (select 1 from conflict_declaration cn where cn.member_id = ${user} and not cn.has_conflict ` +
  `and cn.application_id = ${app}.id)`;

/** Seated board members of each fund, one statement for any number of funds. */
export async function seatedBoards(em: EntityManager, fundIds: readonly string[]): Promise<string[][]> {
  const rows = await em.execute<{ fund: string; user_id: string }[]>(
    `select distinct f.id as fund, g.user_id from fund f join role_grant g on ${seatsOnSql('g', 'f.id')}
      where f.id in (?) order by g.user_id`,
    [[...fundIds]],
  );
  return fundIds.map((f) => rows.filter((r) => r.fund === f).map((r) => r.user_id));
}

export interface Board {
  /** Seated members of the application's fund. */
  seated: string[];
  /** The seated members with a conflict of interest with the application. */
  conflicted: Set<string>;
}

/** The board deciding each application, with its conflicted members: one statement for any number. */
export async function boardsOf(em: EntityManager, applicationIds: readonly string[]): Promise<Board[]> {
  const rows = await em.execute<{ app: string; user_id: string; conflicted: boolean }[]>(
    `select a.id as app, g.user_id, bool_or(${conflictedSql('g.user_id', 'a')}) as conflicted
       from application a join role_grant g on ${seatsOnSql('g', 'a.fund_id')}
      where a.id in (?) group by a.id, g.user_id order by g.user_id`,
    [[...applicationIds]],
  );
  return applicationIds.map((id) => {
    const mine = rows.filter((r) => r.app === id);
    return {
      seated: mine.map((r) => r.user_id),
      conflicted: new Set(mine.filter((r) => r.conflicted).map((r) => r.user_id)),
    };
  });
}

/** What a board vote is decided on, read in one statement under the application's lock. */
export interface Ballot extends Board {
  /** The voter's own conflict (declared, or membership of the applicant), seated or not. */
  voterConflicted: boolean;
  /** The votes cast so far, by any member (the tally counts the seated, unconflicted ones). */
  votes: { voterId: string; choice: VoteChoice }[];
}

/** The board of one application, the voter's conflict and the votes so far: one statement. */
export async function ballotOf(em: EntityManager, applicationId: string, voterId: string): Promise<Ballot> {
  const rows = await em.execute<{ kind: string; user_id: string; conflicted: boolean | null; choice: VoteChoice }[]>(
    `with a as (select id, fund_id, organization_id from application where id = ?)
     select 'seat' as kind, g.user_id, bool_or(${conflictedSql('g.user_id', 'a')}) as conflicted, null as choice
       from a join role_grant g on ${seatsOnSql('g', 'a.fund_id')} group by a.id, a.organization_id, g.user_id
     union all
     select 'voter', me.id, ${conflictedSql('me.id', 'a')}, null from a, (select ?::uuid as id) me
     union all
     select 'vote', v.voter_id, null, v.choice from board_vote v where v.application_id = ?
     order by 1, 2`,
    [applicationId, voterId, applicationId],
  );
  const seats = rows.filter((r) => r.kind === 'seat');
  return {
    seated: seats.map((r) => r.user_id),
    conflicted: new Set(seats.filter((r) => r.conflicted).map((r) => r.user_id)),
    voterConflicted: rows.some((r) => r.kind === 'voter' && r.conflicted),
    votes: rows.filter((r) => r.kind === 'vote').map((r) => ({ voterId: r.user_id, choice: r.choice })),
  };
}

export interface MemberConflict {
  /** Declared conflict on the application or its organisation, or membership in it. */
  conflicted: boolean;
  confirmedNoConflict: boolean;
}

/** One user's conflict status on each application: one statement for any number. */
export async function conflictsOf(
  em: EntityManager,
  userId: string,
  applicationIds: readonly string[],
): Promise<MemberConflict[]> {
  const rows = await em.execute<{ id: string; conflicted: boolean; confirmed: boolean }[]>(
    `with me(id) as (select ?::uuid)
     select a.id, ${conflictedSql('me.id', 'a')} as conflicted, ${confirmedSql('me.id', 'a')} as confirmed
       from application a, me where a.id in (?)`,
    [userId, [...applicationIds]],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return applicationIds.map((id) => ({
    conflicted: byId.get(id)?.conflicted ?? false,
    confirmedNoConflict: byId.get(id)?.confirmed ?? false,
  }));
}

/** The user's conflict status on one application (inside a transaction: no request cache). */
export async function conflictOf(
  em: EntityManager,
  userId: string,
  app: Pick<Application, 'id'>,
): Promise<MemberConflict> {
  const [c] = await conflictsOf(em, userId, [app.id]);
  return required(c, 'conflict status');
}

/** The caller's conflict status on an application: one statement per request tick for all applications. */
export async function myConflict(ctx: Context, app: Application): Promise<MemberConflict> {
  const actor = ctx.actor;
  if (!actor) return { conflicted: false, confirmedNoConflict: false };
  return ctx.loaders
    .named<string, MemberConflict>(`myConflict:${actor.userId}`, (ids) => conflictsOf(ctx.em, actor.userId, ids))
    .load(app.id);
}

/** `Application.tally`'s board: one statement per request tick for all applications. */
export const boardOf = (ctx: Context, app: Application): Promise<Board> =>
  ctx.loaders.named<string, Board>('boardByApplication', (ids) => boardsOf(ctx.em, ids)).load(app.id);

/**
 * `canReadReviews` for the caller, reading its conflict only when the answer depends on it: a
 * board member without a staff role. Staff and the applicant cost no statement.
 */
export async function readReviewsDecision(ctx: Context, app: Application): Promise<RuleDecision> {
  const unconflicted = canReadReviews(ctx.actor, app, false);
  if (!unconflicted.allowed || unconflicted.role !== Role.BOARD_MEMBER) return unconflicted;
  return canReadReviews(ctx.actor, app, (await myConflict(ctx, app)).conflicted);
}

/** The reviews rule in SQL, for a caller on the applications of some funds (the compiled reads). */
export interface ReviewsReadSql {
  /** A condition on the application (alias given) under which the caller is refused, or null: every row. */
  refuseWhen: string | null;
}

/**
 * `canReadReviews` for every application of `funds` at once, as SQL over the application alias
 * `app`: fund staff read every row, a board member every row but those of its conflicts (the
 * board module's `conflictedSql`). Null when the answer is a refusal, or differs from row to row
 * otherwise (a caller with organisations: its own applications are refused; staff in one fund
 * and board in another): the resolvers then decide row by row with `readReviewsDecision`.
 * test/access-rules.test.ts checks this form against the predicate for random data.
 */
export function reviewsReadSql(actor: Actor | null, funds: readonly string[], app: string): ReviewsReadSql | null {
  if (!actor || actor.memberships.length) return null;
  const kinds = new Set(
    funds.map((fund) => {
      const role = reviewsReaderIn(actor, fund);
      return role === Role.BOARD_MEMBER ? 'board' : role ? 'staff' : null;
    }),
  );
  const [kind] = kinds;
  if (kinds.size !== 1 || !kind) return null;
  const me = `'${actor.userId.replace(/'/g, "''")}'`;
  return { refuseWhen: kind === 'board' ? conflictedSql(me, app) : null };
}
