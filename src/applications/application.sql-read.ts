import '../awards/award.sql-read';
import { column, moneySql, registerSqlRead } from '../compiled-reads/registry';
import '../organizations/organization.sql-read';
import { reviewsReadSql } from '../reviews/board';
import '../reviews/review.sql-read';
import { Application } from './application.entity';
import { CONFLICTED_REVIEWS_REASON } from './application.policy';

/**
 * The grant cycle's nested listing compiled to SQL (src/compiled-reads/): an application with
 * its organisation, reviews and award (each declared in its own folder). Plain column fields come
 * from the entities; below is what a resolver computes.
 */

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
    allow: (ctx, scope) => reviewsReadSql(ctx.actor, scope.funds, 'a') !== null,
    refuse: (ctx, scope, a) => {
      const when = reviewsReadSql(ctx.actor, scope.funds, a)?.refuseWhen;
      return when ? { when, reason: CONFLICTED_REVIEWS_REASON } : null;
    },
  },
  award: { kind: 'relation', type: 'Award', list: false, on: (a, w) => `${w}.application_id = ${a}.id` },
});
