import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { newId } from '../core/ids';
import { auditActor, recordAudit } from '../audit/audit.service';
import { getByGlobalId } from '../db/find';
import type { Acting } from '../services';
import { DomainError, ErrorCode } from '../core/errors';
import { Notification } from './notification.entity';
import { canReadNotification } from './notification.policy';

export interface NotifyInput {
  userId: string;
  kind: string;
  subject: string;
  body: string;
  entityType: string | null;
  entityId: string | null;
  /** Unique per message: the same key never makes a second notification (nor a second email). */
  dedupeKey: string;
}

/** Stores a notification unless one with the same dedupe key exists; true when it was new. */
export async function notify(em: EntityManager, n: NotifyInput): Promise<boolean> {
  const rows = await em.execute<{ id: string }[]>(
    `insert into notification (id, user_id, kind, subject, body, entity_type, entity_id, dedupe_key)
     values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (dedupe_key) do nothing returning id`,
    [newId(), n.userId, n.kind, n.subject.slice(0, 300), n.body, n.entityType, n.entityId, n.dedupeKey.slice(0, 300)],
  );
  return rows.length > 0;
}

/** Users who are members of an organisation. */
export async function organizationMembers(em: EntityManager, organizationId: string): Promise<string[]> {
  const rows = await em.execute<{ user_id: string }[]>(
    `select m.user_id from membership m join app_user u on u.id = m.user_id where m.organization_id = ? order by m.user_id`,
    [organizationId],
  );
  return rows.map((r) => r.user_id);
}

/** Secretariat staff of a fund (fund-scoped or all funds). */
export async function fundSecretariat(em: EntityManager, fundId: string): Promise<string[]> {
  const rows = await em.execute<{ user_id: string }[]>(
    `select distinct user_id from role_grant where role = 'SECRETARIAT' and (fund_id = ? or fund_id is null) order by user_id`,
    [fundId],
  );
  return rows.map((r) => r.user_id);
}

/**
 * Marks the caller's notification read, once: the first call sets `readAt` and writes a
 * `notification.read` audit event in the same transaction; later calls change nothing. Someone
 * else's notification answers like a missing one, so ids cannot be probed.
 */
export async function markNotificationRead(ctx: Acting, notificationId: string): Promise<Notification> {
  return ctx.em.transactional(async (tx) => {
    const n = await getByGlobalId(tx, Notification, 'Notification', notificationId, 'notificationId', {
      lockMode: LockMode.PESSIMISTIC_WRITE,
    });
    if (!canReadNotification(ctx.actor, n).allowed) {
      throw new DomainError(ErrorCode.NOT_FOUND, 'Notification not found.', 'notificationId');
    }
    if (n.readAt) return n;
    n.readAt = ctx.app.clock.now();
    await tx.flush();
    await recordAudit(tx, auditActor(ctx, 'SELF'), {
      action: 'notification.read',
      entityType: 'Notification',
      entityId: n.id,
      before: { readAt: null },
      after: { readAt: n.readAt.toISOString(), kind: n.kind },
    });
    return n;
  });
}
