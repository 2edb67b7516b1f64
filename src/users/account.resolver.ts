import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { acting, type Context } from '../graphql/context';
import { payload } from '../graphql/errors';
import * as service from './account.service';
import * as verification from './verification.service';
import {
  AcceptedPayload,
  ChangePasswordInput,
  RequestPasswordResetInput,
  ResetPasswordInput,
  UpdateProfileInput,
  VerifyEmailInput,
} from './account.types';
import { UserPayload } from './user.types';

@Resolver()
export class AccountResolver {
  @Authorized()
  @Mutation(() => UserPayload, {
    description: "Changes the caller's password (the current one is required); every other session ends.",
  })
  changePassword(@Arg('input', () => ChangePasswordInput) input: ChangePasswordInput, @Ctx() ctx: Context) {
    return payload(async () => ({ user: await service.changePassword(acting(ctx), input) }));
  }

  @Mutation(() => AcceptedPayload, {
    description:
      'Public: e-mails a single-use, expiring reset link if the address has an account. The answer is the ' +
      'same either way.',
  })
  async requestPasswordReset(
    @Arg('input', () => RequestPasswordResetInput) input: RequestPasswordResetInput,
    @Ctx() ctx: Context,
  ): Promise<AcceptedPayload> {
    const answer = await payload(() => service.requestPasswordReset(ctx, input));
    return { accepted: answer.errors.length === 0, errors: answer.errors };
  }

  @Mutation(() => AcceptedPayload, {
    description: "Public: sets a new password with a reset link's token; every session of the user ends.",
  })
  async resetPassword(@Arg('input', () => ResetPasswordInput) input: ResetPasswordInput, @Ctx() ctx: Context) {
    const answer = await payload(async () => {
      await service.resetPassword(ctx, input);
      return { accepted: true };
    });
    return { accepted: answer.errors.length === 0, errors: answer.errors };
  }

  @Mutation(() => AcceptedPayload, {
    description:
      "Public: proves the account's e-mail address with the token of the verification link (single use, expiring).",
  })
  async verifyEmail(@Arg('input', () => VerifyEmailInput) input: VerifyEmailInput, @Ctx() ctx: Context) {
    const answer = await payload(async () => {
      await verification.verifyEmail(ctx, input);
      return { accepted: true };
    });
    return { accepted: answer.errors.length === 0, errors: answer.errors };
  }

  @Authorized()
  @Mutation(() => AcceptedPayload, {
    description:
      'Mails the caller a new verification link (older ones stop working); nothing is sent when the address is ' +
      'already verified. At most one a minute and five a day (RATE_LIMITED).',
  })
  async resendVerification(@Ctx() ctx: Context): Promise<AcceptedPayload> {
    const answer = await payload(() => verification.resendVerification(acting(ctx)));
    return { accepted: answer.errors.length === 0, errors: answer.errors };
  }

  @Authorized()
  @Mutation(() => UserPayload, { description: "The caller's display name, preferred language and time zone." })
  updateProfile(@Arg('input', () => UpdateProfileInput) input: UpdateProfileInput, @Ctx() ctx: Context) {
    return payload(async () => ({ user: await service.updateProfile(acting(ctx), input) }));
  }
}
