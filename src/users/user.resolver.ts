import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '../auth/policy';
import { withRefreshCookie } from '../auth/session-answer';
import { Fund } from '../funds/fund.entity';
import { acting, type Context } from '../graphql/context';
import { groupBy } from '../graphql/loaders';
import { UnauthenticatedError } from '../core/errors';
import { BadInputError, payload } from '../graphql/errors';
import { PageArgs, paginate } from '../graphql/paginate';
import { Connection } from '../graphql/relay';
import { Organization } from '../organizations/organization.entity';
import { Membership, Role, RoleGrant, User } from './user.entity';
import { canManageUsers, canReadUser, canRevokeGrant, canSetUserActive } from './user.policy';
import { Permission } from '../auth/policy';
import * as service from './user.service';
import { usersMatching } from './user.repository';
import {
  CreateUserInput,
  GrantRoleInput,
  LoginInput,
  LoginPayload,
  RegisterOrganizationInput,
  RegisterOrganizationPayload,
  RevokeRoleInput,
  RoleGrantPayload,
  RoleGrantPermissions,
  UserActionInput,
  UserPayload,
  UserPermissions,
} from './user.types';

const UserConnection = Connection(User);

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { nullable: true, description: 'The caller, or null when not logged in.' })
  async me(@Ctx() ctx: Context): Promise<User | null> {
    if (!ctx.actor) {
      if (ctx.authError) throw new UnauthenticatedError(ctx.authError);
      return null;
    }
    return ctx.loaders.byId(User).load(ctx.actor.userId);
  }

  @Authorized(Role.ADMIN)
  @Query(() => UserConnection, { description: 'Administrators only.' })
  users(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('search', () => String, {
      nullable: true,
      description: 'Part of the e-mail address or the name, any case (at most 200 characters).',
    })
    search: string | null,
    @Ctx() ctx: Context,
  ) {
    authorize(canManageUsers(ctx.actor));
    if (search && search.length > 200) throw new BadInputError('A search is at most 200 characters.', 'search');
    return paginate(ctx.em, User, usersMatching(search), page);
  }

  @FieldResolver(() => UserPermissions)
  permissions(@Root() user: User, @Ctx() ctx: Context): UserPermissions {
    return Object.assign(new UserPermissions(), {
      deactivate: Permission.of(canSetUserActive(ctx.actor, user, false)),
      reactivate: Permission.of(canSetUserActive(ctx.actor, user, true)),
      grantRole: Permission.of(canManageUsers(ctx.actor)),
    });
  }

  @FieldResolver(() => [RoleGrant])
  roles(@Root() user: User, @Ctx() ctx: Context): Promise<RoleGrant[]> {
    authorize(canReadUser(ctx.actor, user));
    return ctx.loaders
      .named<string, RoleGrant[]>('grantsByUser', async (ids) =>
        groupBy(
          ids,
          await ctx.em.find(RoleGrant, { user: { $in: [...ids] } }, { orderBy: { id: 'asc' } }),
          (g) => g.user.id,
        ),
      )
      .load(user.id);
  }

  @FieldResolver(() => [Organization])
  async organizations(@Root() user: User, @Ctx() ctx: Context): Promise<Organization[]> {
    authorize(canReadUser(ctx.actor, user));
    // One joined statement per batch, so the count does not depend on which loader resolves first.
    const memberships = await ctx.loaders
      .named<string, Membership[]>('membershipsByUser', async (ids) =>
        groupBy(
          ids,
          await ctx.em.find(
            Membership,
            { user: { $in: [...ids] } },
            { orderBy: { id: 'asc' }, populate: ['organization'], strategy: 'joined' },
          ),
          (m) => m.user.id,
        ),
      )
      .load(user.id);
    return memberships.map((m) => m.organization);
  }

  @Mutation(() => LoginPayload, {
    description:
      'Exchanges email and password for a new session: a short-lived bearer access token and a refresh token ' +
      '(in the payload, or with `refreshTokenCookie` as the portal cookie). With a second factor set up, the ' +
      'answer is `secondFactorRequired` and a `challengeToken` for `completeLogin` instead.',
  })
  async login(@Arg('input', () => LoginInput) input: LoginInput, @Ctx() ctx: Context) {
    const answer = await payload(async () => {
      const r = await service.login(ctx, input, ctx.http?.userAgent ?? null);
      if (!('secondFactor' in r)) return { ...r, secondFactorRequired: false };
      const { challengeToken, expiresAt } = r.secondFactor;
      return { secondFactorRequired: true, challengeToken, challengeExpiresAt: expiresAt };
    });
    return withRefreshCookie(ctx, !!input.refreshTokenCookie, answer);
  }

  @Mutation(() => RegisterOrganizationPayload, {
    description:
      'Public: an NGO or donor registers its organisation (vetting PENDING) and its first user, then signs in ' +
      'with `login`. The answer does not say whether the address was already registered.',
  })
  async registerOrganization(
    @Arg('input', () => RegisterOrganizationInput) input: RegisterOrganizationInput,
    @Ctx() ctx: Context,
  ): Promise<RegisterOrganizationPayload> {
    const answer = await payload(() => service.registerOrganization(ctx, input));
    return { accepted: answer.errors.length === 0, errors: answer.errors };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => UserPayload)
  createUser(@Arg('input', () => CreateUserInput) input: CreateUserInput, @Ctx() ctx: Context) {
    return payload(async () => ({ user: await service.createUser(acting(ctx), input) }));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => RoleGrantPayload)
  grantRole(@Arg('input', () => GrantRoleInput) input: GrantRoleInput, @Ctx() ctx: Context) {
    return payload(() => service.grantRole(acting(ctx), input));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => UserPayload, {
    description: 'Switches a user off: every token it holds is refused from its next request on.',
  })
  deactivateUser(@Arg('input', () => UserActionInput) input: UserActionInput, @Ctx() ctx: Context) {
    return payload(async () => ({ user: await service.setUserActive(acting(ctx), input, false) }));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => UserPayload, { description: 'Switches a deactivated user on again.' })
  reactivateUser(@Arg('input', () => UserActionInput) input: UserActionInput, @Ctx() ctx: Context) {
    return payload(async () => ({ user: await service.setUserActive(acting(ctx), input, true) }));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => RoleGrantPayload)
  revokeRole(@Arg('input', () => RevokeRoleInput) input: RevokeRoleInput, @Ctx() ctx: Context) {
    return payload(() => service.revokeRole(acting(ctx), input));
  }
}

@Resolver(() => RoleGrant)
export class RoleGrantResolver {
  @FieldResolver(() => Fund, { nullable: true, description: 'null: every fund.' })
  fund(@Root() g: RoleGrant, @Ctx() ctx: Context) {
    return g.fund ? ctx.loaders.byId(Fund, 'user.fund').load(g.fund.id) : null;
  }

  @FieldResolver(() => Organization, { nullable: true })
  organization(@Root() g: RoleGrant, @Ctx() ctx: Context) {
    return g.organization ? ctx.loaders.byId(Organization, 'user.organization').load(g.organization.id) : null;
  }

  @FieldResolver(() => RoleGrantPermissions)
  permissions(@Root() g: RoleGrant, @Ctx() ctx: Context): RoleGrantPermissions {
    return Object.assign(new RoleGrantPermissions(), { revoke: Permission.of(canRevokeGrant(ctx.actor, g)) });
  }
}
