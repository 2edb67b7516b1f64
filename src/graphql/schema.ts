import 'reflect-metadata';
import { buildSchema, type AuthChecker, type NonEmptyArray } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { allow, deny } from '../auth/policy';
import { AuditEvent } from '../audit/audit-event.entity';
import { canReadAudit } from '../audit/audit.policy';
import { AuditResolver } from '../audit/audit.resolver';
import { auditTrailResolver } from '../audit/audit-trail.resolver';
import { Fund } from '../funds/fund.entity';
import { FundResolver } from '../funds/fund.resolver';
import { Organization } from '../organizations/organization.entity';
import { canReadOrganization } from '../organizations/organization.policy';
import { OrganizationResolver } from '../organizations/organization.resolver';
import { Role, RoleGrant, User } from '../users/user.entity';
import { canReadUser } from '../users/user.policy';
import { RoleGrantResolver, UserResolver } from '../users/user.resolver';
import { hasRole } from '../auth/actor';
import type { Context } from './context';
import { UnauthenticatedError } from './errors';
import { NodeResolver, registerNodeType } from './node.resolver';

registerNodeType('Fund', Fund, () => allow('SELF'));
registerNodeType('Organization', Organization, canReadOrganization);
registerNodeType('User', User, canReadUser);
registerNodeType('RoleGrant', RoleGrant, (actor, g) =>
  actor && (g.user.id === actor.userId || hasRole(actor, Role.ADMIN)) ? allow('SELF') : deny('Not your role grant.'),
);
registerNodeType('AuditEvent', AuditEvent, canReadAudit, (ctx, id) => ctx.em.findOne(AuditEvent, { seq: BigInt(id) }));

export const resolvers: NonEmptyArray<Function> = [
  NodeResolver,
  FundResolver,
  OrganizationResolver,
  UserResolver,
  RoleGrantResolver,
  AuditResolver,
  auditTrailResolver(Fund, 'Fund'),
  auditTrailResolver(Organization, 'Organization'),
];

/**
 * Coarse layer of authorization: `@Authorized()` needs a valid token; `@Authorized(roles)` also
 * one of the roles in some scope. Fine-grained policies run in the services.
 */
const authChecker: AuthChecker<Context, Role> = ({ context }, roles) => {
  if (!context.actor) throw new UnauthenticatedError(context.authError ?? 'Authentication required.');
  return roles.length === 0 || roles.some((r) => hasRole(context.actor, r));
};

export function buildAppSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    authChecker,
    authMode: 'error',
    validate: { forbidUnknownValues: false, validationError: { target: false, value: false } },
    scalarsMap: [{ type: Date, scalar: GraphQLDateTime }],
  });
}
