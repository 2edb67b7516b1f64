import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { acting, type Context } from '../graphql/context';
import { payload } from '../graphql/errors';
import { globalId } from '../graphql/relay';
import { Invitation, InvitationStatus, TeamRole } from './invitation.entity';
import * as service from './team.service';
import type { TeamMemberRow } from './team.repository';
import {
  AcceptInvitationInput,
  AcceptInvitationPayload,
  ChangeMemberRoleInput,
  InvitationPayload,
  InviteMemberInput,
  RemoveMemberInput,
  RemoveMemberPayload,
  TeamMember,
  TeamMemberPayload,
} from './team.types';

const toMember = (r: TeamMemberRow): TeamMember => ({
  userId: globalId('User', r.id),
  email: r.email,
  displayName: r.displayName,
  active: r.active,
  role: r.admin ? TeamRole.ADMIN : TeamRole.MEMBER,
  joinedAt: r.joinedAt,
});

@Resolver(() => Invitation)
export class TeamResolver {
  @Authorized()
  @Query(() => [TeamMember], { description: "The organisation's members: for its members and administrators." })
  async teamMembers(@Arg('organizationId', () => String) organizationId: string, @Ctx() ctx: Context) {
    return (await service.listTeam(acting(ctx), organizationId)).map(toMember);
  }

  @Authorized()
  @Query(() => [Invitation], { description: "The organisation's latest invitations: for its administrators." })
  teamInvitations(@Arg('organizationId', () => String) organizationId: string, @Ctx() ctx: Context) {
    return service.listInvitations(acting(ctx), organizationId);
  }

  @FieldResolver(() => InvitationStatus)
  status(@Root() inv: Invitation, @Ctx() ctx: Context): InvitationStatus {
    return inv.statusAt(ctx.app.clock.now());
  }

  @Authorized()
  @Mutation(() => InvitationPayload, {
    description: "An organisation's administrator invites an address to its team (single-use link, expiring).",
  })
  inviteMember(@Arg('input', () => InviteMemberInput) input: InviteMemberInput, @Ctx() ctx: Context) {
    return payload(async () => ({ invitation: await service.inviteMember(acting(ctx), input) }));
  }

  @Mutation(() => AcceptInvitationPayload, {
    description:
      "Public: joins the organisation with the invitation's token; creates the account when the address has none.",
  })
  async acceptInvitation(@Arg('input', () => AcceptInvitationInput) input: AcceptInvitationInput, @Ctx() ctx: Context) {
    const answer = await payload(async () => {
      await service.acceptInvitation(ctx, input);
      return { accepted: true };
    });
    return { accepted: answer.errors.length === 0, errors: answer.errors };
  }

  @Authorized()
  @Mutation(() => TeamMemberPayload, {
    description: 'Makes a member an administrator or a plain member; never the last administrator.',
  })
  async changeMemberRole(@Arg('input', () => ChangeMemberRoleInput) input: ChangeMemberRoleInput, @Ctx() ctx: Context) {
    return payload(async () => ({ member: toMember(await service.changeMemberRole(acting(ctx), input)) }));
  }

  @Authorized()
  @Mutation(() => RemoveMemberPayload, {
    description: 'Removes a member (its roles on the organisation, its sessions end); never the last administrator.',
  })
  removeMember(@Arg('input', () => RemoveMemberInput) input: RemoveMemberInput, @Ctx() ctx: Context) {
    return payload(async () => ({ organization: await service.removeMember(acting(ctx), input) }));
  }
}
