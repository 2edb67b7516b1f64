import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { acting, type Context } from '../graphql/context';
import { payload } from '../graphql/errors';
import { LoginPayload } from '../users/user.types';
import { withRefreshCookie } from './session-answer';
import * as service from './two-factor.service';
import {
  CompleteLoginInput,
  DisableTotpInput,
  DisableTotpPayload,
  RecoveryCodesPayload,
  SecondFactorCodeInput,
  StepUpPayload,
  TotpEnrolmentPayload,
  TwoFactorStatus,
} from './two-factor.types';

@Resolver()
export class TwoFactorResolver {
  @Authorized()
  @Query(() => TwoFactorStatus, { description: "The caller's second factors and this session's step-up." })
  myTwoFactor(@Ctx() ctx: Context) {
    return service.twoFactorStatus(acting(ctx));
  }

  @Authorized()
  @Mutation(() => TotpEnrolmentPayload, {
    description: 'Starts setting up an authenticator app: a new secret (shown once), confirmed by a first code.',
  })
  startTotpEnrolment(@Ctx() ctx: Context) {
    return payload(async () => ({ enrolment: await service.startTotpEnrolment(acting(ctx)) }));
  }

  @Authorized()
  @Mutation(() => RecoveryCodesPayload, {
    description: 'Confirms the authenticator app with a first code; answers the one-time recovery codes (once).',
  })
  confirmTotpEnrolment(@Arg('input', () => SecondFactorCodeInput) input: SecondFactorCodeInput, @Ctx() ctx: Context) {
    return payload(() => service.confirmTotpEnrolment(acting(ctx), input));
  }

  @Authorized()
  @Mutation(() => DisableTotpPayload, { description: 'Turns the authenticator app off (password and a code).' })
  disableTotp(@Arg('input', () => DisableTotpInput) input: DisableTotpInput, @Ctx() ctx: Context) {
    return payload(async () => ({ user: await service.disableTotp(acting(ctx), input) }));
  }

  @Authorized()
  @Mutation(() => RecoveryCodesPayload, { description: 'New recovery codes against a current code; the old ones end.' })
  regenerateRecoveryCodes(
    @Arg('input', () => SecondFactorCodeInput) input: SecondFactorCodeInput,
    @Ctx() ctx: Context,
  ) {
    return payload(() => service.regenerateRecoveryCodes(acting(ctx), input));
  }

  @Authorized()
  @Mutation(() => StepUpPayload, {
    description:
      "Step-up: proves a second factor in this session, for the actions a fund's policy guards " +
      '(they answer STEP_UP_REQUIRED otherwise).',
  })
  verifySecondFactor(@Arg('input', () => SecondFactorCodeInput) input: SecondFactorCodeInput, @Ctx() ctx: Context) {
    return payload(() => service.verifySecondFactor(acting(ctx), input));
  }

  @Mutation(() => LoginPayload, {
    description: 'Public: the second step of a login (`login` answered `secondFactorRequired`), with a code.',
  })
  async completeLogin(@Arg('input', () => CompleteLoginInput) input: CompleteLoginInput, @Ctx() ctx: Context) {
    const answer = await payload(async () => ({
      ...(await service.completeLogin(ctx, input)),
      secondFactorRequired: false,
    }));
    return withRefreshCookie(ctx, !!input.refreshTokenCookie, answer);
  }
}
