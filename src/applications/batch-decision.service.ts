import { LockMode } from '@mikro-orm/core';
import { enforce } from '../auth/enforce';
import { GrantCall } from '../calls/grant-call.entity';
import { DomainError, DomainErrors, ErrorCode } from '../core/errors';
import { parseGlobalId } from '../graphql/relay';
import { notify, organizationMembers } from '../notifications/notification.service';
import type { Acting } from '../services';
import { Application } from './application.entity';
import { canBatchDecline, batchDeclineTarget } from './application.policy';
import type { DeclineApplicationsInput } from './application.types';
import { transition } from './application.workflow';

/**
 * The secretariat declines many applications at once: each submitted one is screened out
 * (INELIGIBLE), each under review is not recommended, with the same reason and message. All or
 * nothing: one refusal (wrong state) is reported with its position and nothing changes; a caller
 * who may not decide one of them is refused the whole batch. Each is its own transition with its
 * own audit event and notification, in one transaction; rows are locked in id order, so two
 * batches over the same applications wait for each other and the second finds them decided.
 */
export async function declineApplications(ctx: Acting, input: DeclineApplicationsInput): Promise<Application[]> {
  const ids = input.applicationIds.map((gid, i) => parseGlobalId(gid, 'Application', `applicationIds.${i}`).id);
  if (new Set(ids).size !== ids.length) {
    throw new DomainError(ErrorCode.INVALID_VALUE, 'Name each application once.', 'applicationIds');
  }
  return ctx.em.transactional(async (tx) => {
    const rows = await tx.find(
      Application,
      { id: { $in: ids } },
      { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } },
    );
    const byId = new Map(rows.map((a) => [a.id, a]));
    const apps = ids.map((id, i) => {
      const a = byId.get(id);
      if (!a) throw new DomainError(ErrorCode.NOT_FOUND, 'Application not found.', `applicationIds.${i}`);
      return a;
    });
    const refusals: DomainError[] = [];
    const decisions = apps.map((a, i) => {
      const d = canBatchDecline(ctx.actor, a);
      if (!d.allowed && d.code) refusals.push(new DomainError(d.code, d.reason ?? 'Not now.', `applicationIds.${i}`));
      return d;
    });
    // A refusal without a code (another fund, a draft) refuses the whole batch: FORBIDDEN.
    for (const d of decisions) if (!d.allowed && !d.code) enforce(d);
    if (refusals.length) throw new DomainErrors(refusals);
    const now = ctx.app.clock.now();
    for (const app of apps) {
      const to = batchDeclineTarget(app.status);
      if (!to) continue; // already decided by a batch that ran first
      await transition(tx, ctx, app, to, canBatchDecline(ctx.actor, app), {
        action: 'application.batch_decline',
        apply: () => {
          app.decidedAt = now;
        },
        detail: { reason: input.reason, message: input.message, batchSize: apps.length },
      });
      const call = await tx.findOneOrFail(GrantCall, { id: app.call.id });
      for (const userId of await organizationMembers(tx, app.organization.id)) {
        await notify(tx, {
          userId,
          kind: 'APPLICATION_DECLINED',
          subject: `Your application to ${call.title}`,
          body: input.message,
          entityType: 'Application',
          entityId: app.id,
          dedupeKey: `batch-decline:${app.id}:${userId}`,
        });
      }
    }
    return apps;
  });
}
