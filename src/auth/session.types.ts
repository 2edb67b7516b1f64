import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { Length } from 'class-validator';
import { PayloadErrors, type UserError } from '../graphql/errors';
import { ACCOUNT_ERRORS } from '../users/user.errors';
import { Session } from './session.entity';

@InputType()
export class RefreshSessionInput {
  @Field(() => String, { description: 'The refresh token from `login` or the previous refresh (used once).' })
  @Length(20, 100)
  refreshToken!: string;
}

@ObjectType()
export class RefreshSessionPayload {
  @Field(() => String, { nullable: true, description: 'New bearer access token (JWT) of the same session.' })
  token?: string | null;
  @Field(() => Date, { nullable: true }) expiresAt?: Date | null;
  @Field(() => String, {
    nullable: true,
    description: 'The next refresh token; the one presented is spent, and presenting it again ends the session.',
  })
  refreshToken?: string | null;
  @Field(() => Date, { nullable: true }) refreshExpiresAt?: Date | null;
  @PayloadErrors(ACCOUNT_ERRORS) errors!: UserError[];
}

@ObjectType()
export class LogoutPayload {
  @Field(() => Int, { nullable: true, description: 'How many sessions ended (0 when already ended).' })
  ended?: number | null;
  @PayloadErrors(ACCOUNT_ERRORS) errors!: UserError[];
}

@InputType()
export class RevokeSessionInput {
  @Field(() => String) sessionId!: string;
}

@ObjectType()
export class SessionPayload {
  @Field(() => Session, { nullable: true }) session?: Session | null;
  @PayloadErrors(ACCOUNT_ERRORS) errors!: UserError[];
}
