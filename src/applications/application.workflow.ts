import type { EntityManager } from '@mikro-orm/postgresql';
import type { RuleDecision } from '../auth/enforce';
import { Machine, transition as moveStatus } from '../core/transition';
import type { Acting } from '../services';
import { Application, ApplicationStatus } from './application.entity';
import { APPLICATION_TRANSITIONS } from './application.rules';

/** The application's table (application.rules.ts) as a machine; who is checked by each move's policy. */
export const APPLICATION_MACHINE = Machine.fromTable('Application', APPLICATION_TRANSITIONS, () => ['POLICY']);

const STATUS = {
  get: (a: Application) => a.status,
  set: (a: Application, s: ApplicationStatus) => (a.status = s),
};

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
  return moveStatus(tx, ctx, APPLICATION_MACHINE, app, STATUS, to, decision, { ...opts, fundId: app.fund.id });
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
