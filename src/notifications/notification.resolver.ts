import { Arg, Args, Authorized, Ctx, Field, InputType, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { FilterQuery } from '@mikro-orm/core';
import { allow, deny, type Decision } from '../auth/policy';
import type { Actor } from '../auth/actor';
import type { Context } from '../graphql/context';
import { DomainError, ErrorCode, payload, UserError } from '../graphql/errors';
import { PageArgs, paginate } from '../graphql/paginate';
import { Connection } from '../graphql/relay';
import { getByGlobalId } from '../db/find';
import { Notification } from './notification.entity';

const NotificationConnection = Connection(Notification);

/** A notification is read (and marked read) by its recipient only. */
export function canReadNotification(actor: Actor | null, n: Notification): Decision {
  return actor && n.user.id === actor.userId ? allow('SELF') : deny('Not your notification.');
}

@InputType()
class MarkNotificationReadInput {
  @Field(() => String) notificationId!: string;
}

@ObjectType()
class NotificationPayload {
  @Field(() => Notification, { nullable: true }) notification?: Notification | null;
  @Field(() => [UserError]) errors!: UserError[];
}

@Resolver(() => Notification)
export class NotificationResolver {
  @Authorized()
  @Query(() => NotificationConnection, { description: "The caller's notifications, oldest first." })
  notifications(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('unreadOnly', () => Boolean, { nullable: true }) unreadOnly: boolean | null,
    @Ctx() ctx: Context,
  ) {
    const where: FilterQuery<Notification> = { user: ctx.actor!.userId, ...(unreadOnly ? { readAt: null } : {}) };
    return paginate(ctx.em, Notification, where, page);
  }

  @Authorized()
  @Mutation(() => NotificationPayload)
  markNotificationRead(
    @Arg('input', () => MarkNotificationReadInput) input: MarkNotificationReadInput,
    @Ctx() ctx: Context,
  ) {
    return payload(async () => {
      const n = await getByGlobalId(ctx.em, Notification, 'Notification', input.notificationId, 'notificationId');
      // Someone else's notification answers like a missing one: ids are not probed.
      if (!canReadNotification(ctx.actor, n).allowed) {
        throw new DomainError(ErrorCode.NOT_FOUND, 'Notification not found.', 'notificationId');
      }
      if (!n.readAt) {
        n.readAt = ctx.app.clock.now();
        await ctx.em.flush();
      }
      return { notification: n };
    });
  }
}
