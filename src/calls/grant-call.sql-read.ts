import { Application } from '../applications/application.entity';
import { readableApplicationsWhere } from '../applications/application.policy';
import '../applications/application.sql-read';
import type { Context } from '../graphql/context';
import type { FilterQuery } from '@mikro-orm/core';
import { selectSql } from '../compiled-reads/compiler';
import { column, registerSqlRead } from '../compiled-reads/registry';
import { GrantCall } from './grant-call.entity';

/**
 * A call's plain fields and its applications, compiled to SQL (src/compiled-reads/) when a
 * page of calls is read: `grantCalls { edges { node { … applications(first:) { … } } } }` is
 * then one statement. Effective status, fund and the rest are answered by the resolvers.
 */

/** `canReadApplication` for the caller as a subquery of the application table. */
function readableApplications(ctx: Context): string {
  return selectSql(ctx.em, Application, readableApplicationsWhere(ctx.actor!) as FilterQuery<object>);
}

registerSqlRead('GrantCall', GrantCall, {
  applications: {
    kind: 'relation',
    type: 'Application',
    list: true,
    args: ['first'],
    // The field needs a signed-in caller (@Authorized): anyone else falls back to its refusal.
    allow: (ctx) => ctx.actor !== null,
    rows: readableApplications,
    on: (c, a) => `${a}.call_id = ${c}.id`,
    orderBy: column('id'),
    limit: ({ first }) => (typeof first === 'number' ? Math.max(0, Math.min(first, 100)) : null),
  },
});
