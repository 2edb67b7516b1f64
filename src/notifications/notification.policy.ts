import type { Actor } from '../auth/actor';
import { allow, deny, type Decision } from '../auth/policy';
import type { Notification } from './notification.entity';

/** A notification is read (and marked read) by its recipient only. */
export function canReadNotification(actor: Actor | null, n: Notification): Decision {
  return actor && n.user.id === actor.userId ? allow('SELF') : deny('Not your notification.');
}
