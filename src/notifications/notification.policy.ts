import type { FilterQuery } from '@mikro-orm/core';
import type { Actor } from '../auth/actor';
import type { Decision } from '../auth/policy';
import { decideRead, defineReadRule, isSelf, readFilter } from '../auth/read-rule';
import { Notification } from './notification.entity';

/** A notification is read (and marked read) by its recipient only. */
export const NOTIFICATION_READ = defineReadRule<Notification>({
  name: 'notification',
  entity: Notification,
  fields: { user: 'user' },
  clauses: (actor) => [{ role: 'SELF', when: isSelf(actor, 'user') }],
  denied: 'Not your notification.',
});

export const canReadNotification = (actor: Actor | null, n: Notification): Decision =>
  decideRead(NOTIFICATION_READ, actor, n);

/** `canReadNotification` as a filter. */
export const readableNotificationsWhere = (actor: Actor | null): FilterQuery<Notification> =>
  readFilter(NOTIFICATION_READ, actor);
