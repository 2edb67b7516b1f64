import { GraphQLError } from 'graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Acting } from '../services';
import { hasSecondFactor, policyGuards } from './second-factor.repository';
import { StepUpAction } from './step-up-action';

export { DEFAULT_STEP_UP_ACTIONS, StepUpAction } from './step-up-action';

/**
 * Top-level error (like FORBIDDEN): the caller may do this, but its session must pass a second
 * factor first (`verifySecondFactor`), or, with none set up (`enrolled: false`), set one up.
 */
export class StepUpRequiredError extends GraphQLError {
  constructor(action: StepUpAction, enrolled: boolean) {
    super(
      enrolled
        ? 'This action needs a recent second factor: confirm with your authenticator app or passkey, then retry.'
        : 'This action needs a second factor: set up an authenticator app or a passkey first.',
      { extensions: { code: 'STEP_UP_REQUIRED', action, enrolled } },
    );
  }
}

/**
 * Refuses a guarded action unless the caller's session passed a second factor within
 * STEP_UP_WINDOW_SECONDS. `fundIds`: the funds whose policy applies; null for an action outside
 * any one fund (organisations, global roles), which is guarded when any fund's policy lists it.
 * Called by the service after its policy allowed the action, so a wrong role stays FORBIDDEN.
 */
export async function requireStepUp(
  tx: EntityManager,
  ctx: Acting,
  action: StepUpAction,
  fundIds: string[] | null,
): Promise<void> {
  if (!(await policyGuards(tx, action, fundIds))) return;
  const at = ctx.actor.secondFactorAt;
  const now = ctx.app.clock.now().getTime();
  if (at && now - at.getTime() <= ctx.app.config.STEP_UP_WINDOW_SECONDS * 1000) return;
  throw new StepUpRequiredError(action, await hasSecondFactor(tx, ctx.actor.userId));
}
