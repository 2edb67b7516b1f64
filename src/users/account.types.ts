import { Field, InputType, ObjectType } from 'type-graphql';
import { IsEmail, IsOptional, Length } from 'class-validator';
import { PayloadErrors, type UserError } from '../graphql/errors';
import { ACCOUNT_ERRORS } from './user.errors';
import { Language } from './user.entity';

@InputType()
export class ChangePasswordInput {
  @Field(() => String) @Length(1, 256) currentPassword!: string;
  @Field(() => String) newPassword!: string;
}

@InputType()
export class RequestPasswordResetInput {
  @Field(() => String) @IsEmail() @Length(3, 320) email!: string;
}

@InputType()
export class ResetPasswordInput {
  @Field(() => String, { description: 'The token from the link in the e-mail.' }) @Length(20, 100) token!: string;
  @Field(() => String) newPassword!: string;
}

@InputType()
export class VerifyEmailInput {
  @Field(() => String, { description: 'The token from the link in the e-mail.' }) @Length(20, 100) token!: string;
}

@InputType()
export class UpdateProfileInput {
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 200) displayName?: string | null;
  @Field(() => Language, { nullable: true }) @IsOptional() preferredLanguage?: Language | null;
  @Field(() => String, { nullable: true, description: 'IANA time zone, e.g. Europe/Paris.' })
  @IsOptional()
  @Length(1, 64)
  timeZone?: string | null;
}

@ObjectType({ description: 'The same answer whatever the outcome was, so it reveals nothing.' })
export class AcceptedPayload {
  @Field(() => Boolean) accepted!: boolean;
  @PayloadErrors(ACCOUNT_ERRORS) errors!: UserError[];
}
