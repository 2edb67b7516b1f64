import { APPLICATION_READ } from '../applications/application.policy';
import '../applications/application.sql-read';
import { column, registerSqlRead } from '../compiled-reads/registry';
import { GrantCall } from './grant-call.entity';

/**
 * A call's plain fields and its applications, compiled to SQL (src/compiled-reads/) when a
 * page of calls is read: `grantCalls { edges { node { … applications(first:) { … } } } }` is
 * then one statement. Effective status, fund and the rest are answered by the resolvers. The
 * applications are those of the caller's `APPLICATION_READ` (canReadApplication's one definition).
 */

registerSqlRead('GrantCall', GrantCall, {
  applications: {
    kind: 'relation',
    type: 'Application',
    list: true,
    args: ['first'],
    // The field needs a signed-in caller (@Authorized): anyone else falls back to its refusal.
    allow: (ctx) => ctx.actor !== null,
    readRule: APPLICATION_READ,
    on: (c, a) => `${a}.call_id = ${c}.id`,
    orderBy: column('id'),
    limit: ({ first }) => (typeof first === 'number' ? Math.max(0, Math.min(first, 100)) : null),
  },
});
