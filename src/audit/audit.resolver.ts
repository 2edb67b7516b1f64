import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { BadInputError } from '../graphql/errors';
import type { Context } from '../graphql/context';
import { PageArgs } from '../graphql/paginate';
import { globalId } from '../graphql/relay';
import { Role, User } from '../users/user.entity';
import { AuditEvent } from './audit-event.entity';
import { historyOf, listAuditEvents } from './audit-query';
import {
  AuditCheckpoint,
  AuditEventConnection,
  AuditEventFilter,
  AuditSigningKey,
  AuditVerification,
  CheckpointInput,
  StoredAuditCheckpoint,
} from './audit.types';
import * as checkpoints from './checkpoint.service';

@Resolver(() => AuditEvent)
export class AuditResolver {
  @Authorized(Role.AUDITOR, Role.ADMIN)
  @Query(() => AuditEventConnection, { description: 'Auditors and administrators: the trail, oldest first.' })
  async auditEvents(
    @Arg('filter', () => AuditEventFilter, { nullable: true }) filter: AuditEventFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ) {
    // The auditor's explorer tolerates a replica's lag, except for the caller's own latest writes (db/pools.ts).
    const em = await ctx.app.pools.staleRead(ctx.actor?.userId ?? null, ctx.em);
    return listAuditEvents(em === ctx.em ? ctx : { ...ctx, em }, filter, page);
  }

  @Authorized(Role.AUDITOR, Role.ADMIN)
  @Query(() => AuditEventConnection, {
    description:
      'Auditors and administrators: every event of one object (any node id), oldest first. With includeRelated, ' +
      'also the events of what it owns, in sequence order: an award its tranches (requests, approvals, payments), ' +
      'reports and amendments; an application its reviews, votes, conflicts and award; an organisation its ' +
      'applications and all of the above.',
  })
  history(
    @Arg('entityId', () => ID) entityId: string,
    @Arg('includeRelated', () => Boolean, {
      defaultValue: false,
      description: 'Add the events of the objects this one owns (award, application or organisation).',
    })
    includeRelated: boolean,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ) {
    return historyOf(ctx, entityId, page, includeRelated);
  }

  @Authorized(Role.AUDITOR, Role.ADMIN)
  @Query(() => AuditVerification, {
    description:
      'Recomputes the hash chain and names the first broken link. With `since`, proves the chain now extends ' +
      'that signed checkpoint (nothing rewritten, nothing removed) and recomputes from it.',
  })
  verifyAuditTrail(
    @Arg('since', () => CheckpointInput, { nullable: true }) since: CheckpointInput | null,
    @Ctx() ctx: Context,
  ): Promise<AuditVerification> {
    return checkpoints.verifyAuditTrail(ctx, since);
  }

  @Authorized(Role.AUDITOR, Role.ADMIN)
  @Query(() => AuditCheckpoint, { description: 'Auditors and administrators: the chain head, signed.' })
  auditCheckpoint(@Ctx() ctx: Context): Promise<AuditCheckpoint> {
    return checkpoints.auditCheckpoint(ctx);
  }

  @Authorized(Role.AUDITOR, Role.ADMIN)
  @Query(() => [StoredAuditCheckpoint], {
    description:
      'Auditors and administrators: the checkpoints stored in AUDIT_CHECKPOINT_DIR, newest first, each with its ' +
      'signature and hash checked now.',
  })
  auditCheckpoints(
    @Arg('first', () => Int, { defaultValue: 20, description: 'How many, 1 to 100.' }) first: number,
    @Ctx() ctx: Context,
  ): Promise<StoredAuditCheckpoint[]> {
    if (!Number.isInteger(first) || first < 1 || first > 100)
      throw new BadInputError('first must be 1 to 100.', 'first');
    return checkpoints.storedCheckpoints(ctx, first);
  }

  @Authorized(Role.AUDITOR, Role.ADMIN)
  @Query(() => AuditSigningKey, { description: 'The public key that verifies checkpoint signatures.' })
  auditSigningKey(@Ctx() ctx: Context): AuditSigningKey {
    return checkpoints.auditSigningKey(ctx);
  }

  @FieldResolver(() => String, { description: 'Position in the chain (64-bit, as a string).' })
  sequence(@Root() e: AuditEvent): string {
    return e.seq.toString();
  }

  @FieldResolver(() => Date)
  time(@Root() e: AuditEvent): Date {
    return e.occurredAt;
  }

  @FieldResolver(() => String, { description: 'Global id of the object the event is about.' })
  entityGlobalId(@Root() e: AuditEvent): string {
    return globalId(e.entityType, e.entityId);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The acting user; null for a system actor.' })
  actor(@Root() e: AuditEvent, @Ctx() ctx: Context): Promise<User | null> | null {
    return e.actorId ? ctx.loaders.byId(User).load(e.actorId) : null;
  }
}
