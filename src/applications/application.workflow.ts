import type { EntityManager } from '@mikro-orm/postgresql';
import { enforce, RuleDecision } from '../auth/enforce';
import { auditActor, recordAudit } from '../audit/audit.service';
import type { Acting } from '../services';
import { DomainError, ErrorCode, ForbiddenError } from '../core/errors';
import { Application, ApplicationStatus } from './application.entity';
import { canMove } from './application.rules';

export interface TransitionOptions {
  /** Audit action, e.g. application.submit. */
  action: string;
  /** Extra changes made with the status (applied after the checks). */
  apply?: () => void;
  /** Extra audit detail, e.g. the failed rules or the reason. */
  detail?: Record<string, unknown>;
}

/**
 * The one function that moves an application: policy, then the transition table, then the
 * change and its audit event in the caller's transaction. Already in `to`: returns unchanged.
 */
export async function transition(
  tx: EntityManager,
  ctx: Acting,
  app: Application,
  to: ApplicationStatus,
  decision: RuleDecision,
  opts: TransitionOptions,
): Promise<Application> {
  if (!decision.allowed && !decision.code) throw new ForbiddenError(decision.reason ?? 'Not allowed.');
  if (app.status === to) return app;
  const role = enforce(decision);
  if (!canMove(app.status, to)) {
    throw new DomainError(ErrorCode.INVALID_STATE, `An application cannot go from ${app.status} to ${to}.`);
  }
  const before = { status: app.status };
  app.status = to;
  opts.apply?.();
  await tx.flush();
  await recordAudit(tx, auditActor(ctx, role), {
    action: opts.action,
    entityType: 'Application',
    entityId: app.id,
    fundId: app.fund.id,
    before,
    after: { status: to, ...(opts.detail ?? {}) },
  });
  return app;
}

/** A transition made by the system as the consequence of another actor's action (e.g. the deciding vote). */
export async function systemTransition(
  tx: EntityManager,
  ctx: Acting,
  app: Application,
  to: ApplicationStatus,
  actorRole: string,
  opts: TransitionOptions,
): Promise<Application> {
  return transition(tx, ctx, app, to, { allowed: true, reason: null, role: actorRole as never }, opts);
}
