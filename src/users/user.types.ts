import { Permission } from '../auth/policy';
import { Field, InputType, ObjectType } from 'type-graphql';
import { IsEmail, IsISO31661Alpha2, IsOptional, Length } from 'class-validator';
import { PayloadErrors, type UserError } from '../graphql/errors';
import { ACCOUNT_ERRORS } from './user.errors';
import { OrganizationKind } from '../organizations/organization.entity';
import { Language, Role, RoleGrant, User } from './user.entity';
import { Session } from '../auth/session.entity';

@InputType()
export class LoginInput {
  @Field(() => String) @Length(1, 320) email!: string;
  @Field(() => String) @Length(1, 256) password!: string;
  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description:
      'Browsers: the refresh token is set as an HttpOnly cookie for POST /auth/refresh instead of being in the payload.',
  })
  refreshTokenCookie?: boolean | null;
}

@ObjectType()
export class LoginPayload {
  @Field(() => String, { nullable: true, description: 'Bearer access token (JWT) of the new session; short-lived.' })
  token?: string | null;
  @Field(() => Date, { nullable: true }) expiresAt?: Date | null;
  @Field(() => String, {
    nullable: true,
    description: 'Opaque refresh token for `refreshSession` (null when it was set as a cookie); rotated on use.',
  })
  refreshToken?: string | null;
  @Field(() => Date, { nullable: true }) refreshExpiresAt?: Date | null;
  @Field(() => Session, { nullable: true }) session?: Session | null;
  @Field(() => User, { nullable: true }) user?: User | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'The password was right; the session starts with `completeLogin` and a second factor.',
  })
  secondFactorRequired?: boolean | null;
  @Field(() => String, { nullable: true, description: 'For `completeLogin` (short-lived, single use).' })
  challengeToken?: string | null;
  @Field(() => Date, { nullable: true }) challengeExpiresAt?: Date | null;
  @PayloadErrors(ACCOUNT_ERRORS) errors!: UserError[];
}

@InputType()
export class RegisterOrganizationInput {
  @Field(() => OrganizationKind) kind!: OrganizationKind;
  @Field(() => String) @Length(2, 300) legalName!: string;
  @Field(() => String) @IsISO31661Alpha2() country!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 100) registrationNumber?: string;
  @Field(() => String) @IsEmail() @Length(3, 320) email!: string;
  @Field(() => String) @Length(1, 200) displayName!: string;
  @Field(() => String) password!: string;
  @Field(() => Language, {
    nullable: true,
    description: 'Language of the e-mails (the confirmation link first); EN if not given.',
  })
  @IsOptional()
  preferredLanguage?: Language | null;
}

@ObjectType({
  description:
    'The same answer whether or not the address was already registered (no user enumeration): sign in with ' +
    'the address and password to continue. The owner of an address already registered is told by e-mail.',
})
export class RegisterOrganizationPayload {
  @Field(() => Boolean, {
    description: 'True when the request was taken; false only with errors about the input (weak password, …).',
  })
  accepted!: boolean;
  @PayloadErrors(ACCOUNT_ERRORS) errors!: UserError[];
}

@InputType()
export class CreateUserInput {
  @Field(() => String) @IsEmail() @Length(3, 320) email!: string;
  @Field(() => String) @Length(1, 200) displayName!: string;
  @Field(() => String) password!: string;
}

@ObjectType()
export class UserPayload {
  @Field(() => User, { nullable: true }) user?: User | null;
  @PayloadErrors(ACCOUNT_ERRORS) errors!: UserError[];
}

@InputType()
export class GrantRoleInput {
  @Field(() => String) userId!: string;
  @Field(() => Role) role!: Role;
  @Field(() => String, { nullable: true, description: 'Fund scope; required for SECRETARIAT and BOARD_MEMBER.' })
  fundId?: string | null;
  @Field(() => String, { nullable: true, description: 'Organisation; required for DONOR and NGO.' })
  organizationId?: string | null;
}

@InputType()
export class RevokeRoleInput {
  @Field(() => String) grantId!: string;
}

@InputType()
export class UserActionInput {
  @Field(() => String) userId!: string;
}

@ObjectType()
export class RoleGrantPayload {
  @Field(() => RoleGrant, { nullable: true }) grant?: RoleGrant | null;
  @Field(() => User, { nullable: true }) user?: User | null;
  @PayloadErrors(ACCOUNT_ERRORS) errors!: UserError[];
}

@ObjectType({ description: 'What the caller may do with this account now (the rules the mutations apply).' })
export class UserPermissions {
  @Field(() => Permission) deactivate!: Permission;
  @Field(() => Permission) reactivate!: Permission;
  @Field(() => Permission) grantRole!: Permission;
}

@ObjectType({ description: 'What the caller may do with this role grant now (the rule revokeRole applies).' })
export class RoleGrantPermissions {
  @Field(() => Permission) revoke!: Permission;
}
