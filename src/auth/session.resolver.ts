import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { acting, actorOf, type Context } from '../graphql/context';
import { payload } from '../graphql/errors';
import { PageArgs, paginate } from '../graphql/paginate';
import { Connection } from '../graphql/relay';
import { Session } from './session.entity';
import * as service from './session.service';
import {
  LogoutPayload,
  RefreshSessionInput,
  RefreshSessionPayload,
  RevokeSessionInput,
  SessionPayload,
} from './session.types';

const SessionConnection = Connection(Session);

@Resolver(() => Session)
export class SessionResolver {
  @Authorized()
  @Query(() => SessionConnection, { description: "The caller's live sessions (devices signed in), oldest first." })
  mySessions(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    const actor = actorOf(ctx);
    return paginate(
      ctx.em,
      Session,
      { user: actor.userId, revokedAt: null, expiresAt: { $gt: ctx.app.clock.now() } },
      page,
    );
  }

  @FieldResolver(() => Boolean, { description: 'True for the session of the token this request came with.' })
  current(@Root() s: Session, @Ctx() ctx: Context): boolean {
    return !!ctx.actor?.sessionId && ctx.actor.sessionId === s.id;
  }

  @Mutation(() => RefreshSessionPayload, {
    description:
      'Programmatic clients: exchanges a refresh token for a new access token and a new refresh token. ' +
      'The portal uses POST /auth/refresh with its cookie instead.',
  })
  refreshSession(@Arg('input', () => RefreshSessionInput) input: RefreshSessionInput, @Ctx() ctx: Context) {
    return payload(() => service.refreshSession(ctx, input.refreshToken));
  }

  @Authorized()
  @Mutation(() => LogoutPayload, { description: "Ends the caller's current session (and clears the portal's cookie)." })
  async logout(@Ctx() ctx: Context) {
    const answer = await payload(() => service.logout(acting(ctx)));
    ctx.http?.clearRefreshCookie();
    return answer;
  }

  @Authorized()
  @Mutation(() => LogoutPayload, { description: 'Ends every session of the caller, this one included.' })
  async logoutEverywhere(@Ctx() ctx: Context) {
    const answer = await payload(() => service.logoutEverywhere(acting(ctx)));
    ctx.http?.clearRefreshCookie();
    return answer;
  }

  @Authorized()
  @Mutation(() => SessionPayload, { description: "Ends one of the caller's own sessions (e.g. a lost device)." })
  revokeSession(@Arg('input', () => RevokeSessionInput) input: RevokeSessionInput, @Ctx() ctx: Context) {
    return payload(async () => ({ session: await service.revokeSession(acting(ctx), input.sessionId) }));
  }
}
