import { Role } from '../users/user.entity';
import '../awards/award.sql-read';
import type { Context } from '../graphql/context';
import { column, moneySql, registerSqlRead, type ReadScope } from '../compiled-reads/registry';
import '../organizations/organization.sql-read';
import { conflictedSql } from '../reviews/board';
import '../reviews/review.sql-read';
import { Application } from './application.entity';
import { CONFLICTED_REVIEWS_REASON, reviewsReaderIn } from './application.policy';
import { required } from '../core/required';

/**
 * The grant cycle's nested listing compiled to SQL (src/compiled-reads/): an application with
 * its organisation, reviews and award (each declared in its own folder). Plain column fields come
 * from the entities; below is what a resolver computes.
 */

/**
 * How `canReadReviews` answers the caller on every application in scope: 'staff' (every row),
 * 'board' (every row but those it has a conflict with, refused in the statement), or null when
 * the answer differs from row to row otherwise (a caller with organisations: the applicant's own
 * are refused; staff in one fund and board in another) or is a refusal: fall back.
 */
function reviewsRule(ctx: Context, scope: ReadScope): 'staff' | 'board' | null {
  const actor = ctx.actor;
  if (!actor || actor.memberships.length) return null;
  const rules = new Set(
    scope.funds.map((fund) => {
      const role = reviewsReaderIn(actor, fund);
      return role === Role.BOARD_MEMBER ? 'board' : role ? 'staff' : null;
    }),
  );
  const [rule] = rules;
  return rules.size === 1 && rule ? rule : null;
}

/** The caller's id as an SQL literal. */
const literal = (id: string) => `'${id.replace(/'/g, "''")}'`;

registerSqlRead('Application', Application, {
  requestedAmount: moneySql(column('requested_minor'), column('currency')),
  proposedAmount: moneySql(column('proposed_minor'), column('currency'), { nullable: true }),
  organization: { kind: 'relation', type: 'Organization', list: false, on: (a, o) => `${o}.id = ${a}.organization_id` },
  reviews: {
    kind: 'relation',
    type: 'Review',
    list: true,
    on: (a, r) => `${r}.application_id = ${a}.id`,
    orderBy: column('id'),
    allow: (ctx, scope) => reviewsRule(ctx, scope) !== null,
    refuse: (ctx, scope, a) =>
      reviewsRule(ctx, scope) === 'board'
        ? {
            when: conflictedSql(literal(required(ctx.actor, 'actor').userId), a),
            reason: CONFLICTED_REVIEWS_REASON,
          }
        : null,
  },
  award: { kind: 'relation', type: 'Award', list: false, on: (a, w) => `${w}.application_id = ${a}.id` },
});
