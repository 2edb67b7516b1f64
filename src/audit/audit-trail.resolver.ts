import { Args, Authorized, ClassType, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../graphql/context';
import { PageArgs } from '../graphql/paginate';
import { Role } from '../users/user.entity';
import { trailOf } from './audit-query';
import { AuditEventConnection } from './audit.types';

/**
 * Adds `auditTrail(first, after): AuditEventConnection` to a node type whose entity has a string
 * `id` and whose events are recorded with `entityType` = `entityType`. Register the returned class
 * in the resolver list of src/graphql/schema.ts:
 *
 *   auditTrailResolver(Pledge, 'Pledge'),
 *
 * Auditors and administrators only (others get FORBIDDEN on the field, the rest of the object
 * still resolves); batched per request, so lists do not issue a query per row.
 */
export function auditTrailResolver<T extends { id: string }>(type: ClassType<T>, entityType: string): Function {
  @Resolver(() => type)
  class AuditTrailResolver {
    @Authorized(Role.AUDITOR, Role.ADMIN)
    @FieldResolver(() => AuditEventConnection, {
      nullable: true,
      description: 'Auditors and administrators: the audit events of this object, oldest first.',
    })
    auditTrail(@Root() obj: T, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
      return trailOf(ctx, entityType, obj.id, page);
    }
  }
  Object.defineProperty(AuditTrailResolver, 'name', { value: `${entityType}AuditTrailResolver` });
  return AuditTrailResolver;
}
