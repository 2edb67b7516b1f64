import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  InputType,
  Int,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { authorize } from '../auth/policy';
import type { Context } from '../graphql/context';
import { BadInputError } from '../graphql/errors';
import { PageArgs, paginate } from '../graphql/paginate';
import { Connection, parseGlobalId } from '../graphql/relay';
import { AuditEvent } from './audit-event.entity';
import { canReadAudit } from './audit.policy';
import { verifyChain } from './verify';
import { Role } from '../users/user.entity';

const AuditEventConnection = Connection(AuditEvent);

@InputType()
export class AuditEventFilter {
  @Field(() => String, { nullable: true }) entityType?: string;
  @Field(() => String, { nullable: true, description: 'Database id or global id of the entity.' }) entityId?: string;
  @Field(() => String, { nullable: true, description: 'Global id of the acting user.' }) actorId?: string;
  @Field(() => String, { nullable: true }) action?: string;
  @Field(() => String, { nullable: true, description: 'Global id of a fund.' }) fundId?: string;
  @Field(() => Date, { nullable: true }) from?: Date;
  @Field(() => Date, { nullable: true }) to?: Date;
}

@ObjectType()
export class AuditVerification {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => Int) checked!: number;
  @Field(() => String, { nullable: true, description: 'Sequence of the first event whose link is broken.' })
  firstBrokenSequence!: string | null;
  @Field(() => String, { nullable: true }) lastSequence!: string | null;
  @Field(() => String, { nullable: true }) lastHash!: string | null;
}

function entityKey(id: string): string {
  try {
    return parseGlobalId(id).id;
  } catch {
    return id;
  }
}

@Resolver(() => AuditEvent)
export class AuditResolver {
  @Authorized(Role.AUDITOR, Role.ADMIN)
  @Query(() => AuditEventConnection, { description: 'Auditors and administrators: the trail, oldest first.' })
  auditEvents(
    @Arg('filter', () => AuditEventFilter, { nullable: true }) filter: AuditEventFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ) {
    authorize(canReadAudit(ctx.actor));
    const where: Record<string, unknown> = {};
    if (filter?.entityType) where.entityType = filter.entityType;
    if (filter?.entityId) where.entityId = entityKey(filter.entityId);
    if (filter?.actorId) where.actorId = parseGlobalId(filter.actorId, 'User', 'filter.actorId').id;
    if (filter?.action) where.action = filter.action;
    if (filter?.fundId) where.fundId = parseGlobalId(filter.fundId, 'Fund', 'filter.fundId').id;
    if (filter?.from || filter?.to) {
      where.occurredAt = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
    }
    return paginate(ctx.em, AuditEvent, where, page, 'seq', (c) => {
      if (!/^\d{1,19}$/.test(c)) throw new BadInputError('Invalid cursor.', 'after');
      return BigInt(c);
    });
  }

  @Authorized(Role.AUDITOR, Role.ADMIN)
  @Query(() => AuditVerification, { description: 'Recomputes the hash chain and names the first broken link.' })
  async verifyAuditTrail(@Ctx() ctx: Context): Promise<AuditVerification> {
    authorize(canReadAudit(ctx.actor));
    const result = await verifyChain(ctx.em.getKnex());
    return Object.assign(new AuditVerification(), result);
  }

  @FieldResolver(() => String, { description: 'Position in the chain (64-bit, as a string).' })
  sequence(@Root() e: AuditEvent): string {
    return e.seq.toString();
  }

  @FieldResolver(() => Date)
  time(@Root() e: AuditEvent): Date {
    return e.occurredAt;
  }
}
