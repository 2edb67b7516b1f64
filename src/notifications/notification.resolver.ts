import { Arg, Args, Authorized, Ctx, Field, InputType, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { FilterQuery } from '@mikro-orm/core';
import { acting, actorOf, type Context } from '../graphql/context';
import { payload, PayloadErrors, type UserError } from '../graphql/errors';
import { NOTIFICATION_ERRORS } from './notification.errors';
import { PageArgs, paginate } from '../graphql/paginate';
import { readableNotificationsWhere } from './notification.policy';
import { Connection } from '../graphql/relay';
import { Notification } from './notification.entity';
import * as service from './notification.service';

const NotificationConnection = Connection(Notification);

@InputType()
class MarkNotificationReadInput {
  @Field(() => String) notificationId!: string;
}

@ObjectType()
class NotificationPayload {
  @Field(() => Notification, { nullable: true }) notification?: Notification | null;
  @PayloadErrors(NOTIFICATION_ERRORS) errors!: UserError[];
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
    const where: FilterQuery<Notification> = {
      $and: [readableNotificationsWhere(actorOf(ctx)), unreadOnly ? { readAt: null } : {}],
    };
    return paginate(ctx.em, Notification, where, page);
  }

  @Authorized()
  @Mutation(() => NotificationPayload)
  markNotificationRead(
    @Arg('input', () => MarkNotificationReadInput) input: MarkNotificationReadInput,
    @Ctx() ctx: Context,
  ) {
    return payload(async () => ({
      notification: await service.markNotificationRead(acting(ctx), input.notificationId),
    }));
  }
}
