import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../auth/actor';
import { memberOf } from '../auth/actor';
import type { Application } from '../applications/application.entity';
import { canReadReviews } from '../applications/application.policy';
import type { RuleDecision } from '../auth/enforce';
import type { Context } from '../graphql/context';
import { Membership, Role } from '../users/user.entity';
import { ConflictDeclaration } from './review.entity';

export interface MemberConflict {
  conflicted: boolean;
  confirmedNoConflict: boolean;
}

/** Applies a member's declarations to one application. */
export function conflictOf(decls: ConflictDeclaration[], app: Application, isMember: boolean): MemberConflict {
  const relevant = decls.filter((d) => d.application?.id === app.id || d.organization?.id === app.organization.id);
  return {
    conflicted: isMember || relevant.some((d) => d.hasConflict),
    confirmedNoConflict: relevant.some((d) => !d.hasConflict && d.application?.id === app.id),
  };
}

/** The caller's conflict status on an application (one query per request for all applications). */
export async function myConflict(ctx: Context, app: Application): Promise<MemberConflict> {
  const actor = ctx.actor;
  if (!actor) return { conflicted: false, confirmedNoConflict: false };
  const decls = await ctx.loaders
    .named<string, ConflictDeclaration[]>('myConflictDeclarations', async (keys) => {
      const rows = await ctx.em.find(ConflictDeclaration, { member: actor.userId });
      return keys.map(() => rows);
    })
    .load(actor.userId);
  return conflictOf(decls, app, memberOf(actor, app.organization.id));
}

/**
 * `canReadReviews` for the caller, reading its conflict declarations only when the answer depends
 * on them: a board member without a staff role. Staff and the applicant cost no statement.
 */
export async function readReviewsDecision(ctx: Context, app: Application): Promise<RuleDecision> {
  const unconflicted = canReadReviews(ctx.actor, app, false);
  if (!unconflicted.allowed || unconflicted.role !== Role.BOARD_MEMBER) return unconflicted;
  return canReadReviews(ctx.actor, app, (await myConflict(ctx, app)).conflicted);
}

/** Same answer inside a transaction, without the request cache. */
export async function actorConflict(tx: EntityManager, actor: Actor, app: Application): Promise<MemberConflict> {
  const decls = await tx.find(ConflictDeclaration, {
    member: actor.userId,
    $or: [{ application: app.id }, { organization: app.organization.id }],
  });
  return conflictOf(decls, app, memberOf(actor, app.organization.id));
}

/** Users with a declared conflict on the application or its organisation, or a membership in it. */
export async function conflictedUsers(tx: EntityManager, app: Application): Promise<Set<string>> {
  const [decls, members] = await Promise.all([
    tx.find(ConflictDeclaration, {
      hasConflict: true,
      $or: [{ application: app.id }, { organization: app.organization.id }],
    }),
    tx.find(Membership, { organization: app.organization.id }),
  ]);
  return new Set([...decls.map((d) => d.member.id), ...members.map((m) => m.user.id)]);
}
