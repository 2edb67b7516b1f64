import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { IsEmail, IsOptional, Length } from 'class-validator';
import { PayloadErrors, type UserError } from '../graphql/errors';
import { Organization } from '../organizations/organization.entity';
import { Language } from '../users/user.entity';
import { Invitation, InvitationStatus, TeamRole } from './invitation.entity';
import { TEAM_ERRORS } from './team.errors';

@ObjectType({ description: "A member of an organisation's team." })
export class TeamMember {
  @Field(() => ID, { description: 'The User id.' }) userId!: string;
  @Field(() => String) email!: string;
  @Field(() => String) displayName!: string;
  @Field(() => Boolean, { description: 'False: the account is switched off.' }) active!: boolean;
  @Field(() => TeamRole) role!: TeamRole;
  @Field(() => Date) joinedAt!: Date;
}

@InputType()
export class InviteMemberInput {
  @Field(() => String) organizationId!: string;
  @Field(() => String) @IsEmail() @Length(3, 320) email!: string;
  @Field(() => TeamRole) role!: TeamRole;
  @Field(() => Language, { nullable: true, description: "Language of the e-mail; the inviter's if not given." })
  @IsOptional()
  language?: Language | null;
}

@InputType()
export class AcceptInvitationInput {
  @Field(() => String, { description: 'The token from the link in the e-mail.' }) @Length(20, 100) token!: string;
  @Field(() => String, { nullable: true, description: 'Required when the address has no account yet.' })
  @IsOptional()
  @Length(1, 200)
  displayName?: string | null;
  @Field(() => String, { nullable: true, description: 'Required when the address has no account yet.' })
  @IsOptional()
  password?: string | null;
}

@InputType()
export class ChangeMemberRoleInput {
  @Field(() => String) organizationId!: string;
  @Field(() => String) userId!: string;
  @Field(() => TeamRole) role!: TeamRole;
}

@InputType()
export class RemoveMemberInput {
  @Field(() => String) organizationId!: string;
  @Field(() => String) userId!: string;
}

@ObjectType()
export class InvitationPayload {
  @Field(() => Invitation, { nullable: true }) invitation!: Invitation | null;
  @PayloadErrors(TEAM_ERRORS) errors!: UserError[];
}

@ObjectType({ description: 'Sign in with the address (and the password given here for a new account) to continue.' })
export class AcceptInvitationPayload {
  @Field(() => Boolean) accepted!: boolean;
  @PayloadErrors(TEAM_ERRORS) errors!: UserError[];
}

@ObjectType()
export class TeamMemberPayload {
  @Field(() => TeamMember, { nullable: true }) member!: TeamMember | null;
  @PayloadErrors(TEAM_ERRORS) errors!: UserError[];
}

@ObjectType()
export class RemoveMemberPayload {
  @Field(() => Organization, { nullable: true }) organization!: Organization | null;
  @PayloadErrors(TEAM_ERRORS) errors!: UserError[];
}

export { InvitationStatus };
