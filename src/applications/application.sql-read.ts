import { Role } from '../users/user.entity';
import { Award, Tranche } from '../awards/award.entity';
import type { Context } from '../graphql/context';
import { column, moneySql, registerSqlRead, type ReadScope } from '../graphql/sql-read';
import { Organization } from '../organizations/organization.entity';
import { Review } from '../reviews/review.entity';
import { Application } from './application.entity';
import { canReadReviews } from './application.policy';

/**
 * The grant cycle's nested listing compiled to SQL (src/graphql/sql-read.ts): an application with
 * its organisation, reviews and award with tranches. Plain column fields come from the entities;
 * below is what a resolver computes.
 */

/**
 * `canReadReviews` when it answers the same for every application in scope: not for a caller with
 * organisations (the applicant's own are refused) nor a board member (conflicts differ).
 */
function reviewsReadableThroughout(ctx: Context, scope: ReadScope): boolean {
  const actor = ctx.actor;
  if (!actor || actor.memberships.length) return false;
  return scope.funds.every((fund) => {
    const decision = canReadReviews(actor, { fund: { id: fund }, organization: { id: '' } } as Application, false);
    return decision.allowed && decision.role !== Role.BOARD_MEMBER;
  });
}

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
    allow: reviewsReadableThroughout,
  },
  award: { kind: 'relation', type: 'Award', list: false, on: (a, w) => `${w}.application_id = ${a}.id` },
});

registerSqlRead('Organization', Organization, {});

registerSqlRead('Review', Review, {
  weightedTotal: { kind: 'scalar', sql: (r) => `(${r}.weighted_hundredths::float8 / 100)` },
});

registerSqlRead('Award', Award, {
  amount: moneySql(column('amount_minor'), column('currency')),
  released: moneySql(column('released_minor'), column('currency')),
  refunded: moneySql(column('refunded_minor'), column('currency')),
  tranches: {
    kind: 'relation',
    type: 'Tranche',
    list: true,
    on: (w, t) => `${t}.award_id = ${w}.id`,
    orderBy: column('number'),
  },
});

registerSqlRead(
  'Tranche',
  Tranche,
  {
    amount: moneySql(column('planned_minor'), (t) => `${t}_award.currency`),
    paidAmount: moneySql(column('paid_minor'), (t) => `${t}_award.currency`, { nullable: true }),
  },
  [(t) => `join award ${t}_award on ${t}_award.id = ${t}.award_id`],
);
