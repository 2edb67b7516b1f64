import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { Length } from 'class-validator';
import { PayloadErrors, type UserError } from '../graphql/errors';
import { ACCOUNT_ERRORS } from '../users/user.errors';
import { User } from '../users/user.entity';

@ObjectType({ description: 'A new authenticator-app secret, shown once while it is set up.' })
export class TotpEnrolment {
  @Field(() => String, { description: 'Base32 secret, for typing into the app by hand.' }) secret!: string;
  @Field(() => String, { description: 'otpauth:// URI (what the QR code holds).' }) otpauthUri!: string;
  @Field(() => String, { description: 'The URI as a QR code: an SVG data URL.' }) qrCodeDataUrl!: string;
}

@ObjectType()
export class TotpEnrolmentPayload {
  @Field(() => TotpEnrolment, { nullable: true }) enrolment?: TotpEnrolment | null;
  @PayloadErrors(ACCOUNT_ERRORS) errors!: UserError[];
}

@InputType()
export class SecondFactorCodeInput {
  @Field(() => String, { description: 'A six-digit code from the authenticator app, or a recovery code.' })
  @Length(6, 20)
  code!: string;
}

@ObjectType()
export class RecoveryCodesPayload {
  @Field(() => [String], {
    nullable: true,
    description: 'One-time recovery codes, shown only now (each works once; the previous ones stop working).',
  })
  recoveryCodes?: string[] | null;
  @PayloadErrors(ACCOUNT_ERRORS) errors!: UserError[];
}

@InputType()
export class DisableTotpInput {
  @Field(() => String) @Length(1, 256) password!: string;
  @Field(() => String, { description: 'A current code from the app, or a recovery code.' })
  @Length(6, 20)
  code!: string;
}

@ObjectType()
export class DisableTotpPayload {
  @Field(() => User, { nullable: true }) user?: User | null;
  @PayloadErrors(ACCOUNT_ERRORS) errors!: UserError[];
}

@ObjectType()
export class StepUpPayload {
  @Field(() => Date, {
    nullable: true,
    description: 'Until when the actions that need a recent second factor are allowed in this session.',
  })
  validUntil?: Date | null;
  @PayloadErrors(ACCOUNT_ERRORS) errors!: UserError[];
}

@InputType()
export class CompleteLoginInput {
  @Field(() => String, { description: 'The `challengeToken` of `login`.' }) @Length(20, 100) challengeToken!: string;
  @Field(() => String, { description: 'A six-digit code from the authenticator app, or a recovery code.' })
  @Length(6, 20)
  code!: string;
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'As in `login`.' })
  refreshTokenCookie?: boolean | null;
}

@ObjectType({ description: "The caller's second factors (never a secret)." })
export class TwoFactorStatus {
  @Field(() => Boolean) totpEnabled!: boolean;
  @Field(() => Int, { description: 'Unused recovery codes.' }) recoveryCodesLeft!: number;
  @Field(() => Date, {
    nullable: true,
    description: 'This session passed a second factor recently: the guarded actions are allowed until then.',
  })
  stepUpValidUntil?: Date | null;
}
