import type { FilterQuery } from '@mikro-orm/core';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  InputType,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { Permission } from '../auth/policy';
import { canReadApplication } from '../applications/application.policy';
import { Application } from '../applications/application.entity';
import { GrantCall } from '../calls/grant-call.entity';
import { required } from '../core/required';
import { acting, actorOf, type Context } from '../graphql/context';
import { payload } from '../graphql/errors';
import { Money } from '../graphql/money';
import { PageArgs, paginate } from '../graphql/paginate';
import { Connection, parseGlobalId } from '../graphql/relay';
import { Organization } from '../organizations/organization.entity';
import { ConceptNote, ConceptNoteStatus } from './concept-note.entity';
import * as policy from './concept-note.policy';
import * as service from './concept-note.service';
import {
  ConceptNotePayload,
  ConceptNotePermissions,
  DecideConceptNoteInput,
  SubmitConceptNoteInput,
} from './concept-note.types';

const ConceptNoteConnection = Connection(ConceptNote);

@InputType()
class ConceptNoteFilter {
  @Field(() => String, { nullable: true }) callId?: string;
  @Field(() => ConceptNoteStatus, { nullable: true }) status?: ConceptNoteStatus;
}

@Resolver(() => ConceptNote)
export class ConceptNoteResolver {
  @Authorized()
  @Query(() => ConceptNoteConnection, {
    description: "NGO members see their organisation's concept notes; fund staff those of their funds' calls.",
  })
  conceptNotes(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => ConceptNoteFilter, { nullable: true }) filter: ConceptNoteFilter | null,
    @Ctx() ctx: Context,
  ) {
    const conds: FilterQuery<ConceptNote>[] = [policy.readableConceptNotesWhere(actorOf(ctx))];
    if (filter?.callId) conds.push({ call: parseGlobalId(filter.callId, 'GrantCall', 'callId').id });
    if (filter?.status) conds.push({ status: filter.status });
    return paginate(ctx.em, ConceptNote, { $and: conds }, page);
  }

  @FieldResolver(() => GrantCall)
  async call(@Root() n: ConceptNote, @Ctx() ctx: Context): Promise<GrantCall> {
    return required(await ctx.loaders.byId(GrantCall, 'conceptNote.call').load(n.call.id), 'GrantCall');
  }

  @FieldResolver(() => Organization)
  async organization(@Root() n: ConceptNote, @Ctx() ctx: Context): Promise<Organization> {
    return required(
      await ctx.loaders.viewById(Organization, 'conceptNote.organization').load(n.organization.id),
      'Organization',
    );
  }

  @FieldResolver(() => Money)
  requestedAmount(@Root() n: ConceptNote): Money {
    return Money.of(n.requestedMinor, n.currency);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "The secretariat's reason for its decision: fund staff only (null for the applicant).",
  })
  decisionReason(@Root() n: ConceptNote, @Ctx() ctx: Context): string | null {
    return policy.canReadConceptReason(ctx.actor, n) ? n.decisionReason : null;
  }

  @FieldResolver(() => Application, {
    nullable: true,
    description: 'The full proposal made from this concept note, when the caller may read it.',
  })
  async fullProposal(@Root() n: ConceptNote, @Ctx() ctx: Context): Promise<Application | null> {
    const byNote = ctx.loaders.named<string, Application | null>('fullProposalByConcept', async (ids) => {
      const rows = await ctx.em.find(Application, { conceptNote: { $in: [...ids] } });
      return ids.map((id) => rows.find((a) => a.conceptNote?.id === id) ?? null);
    });
    const app = await byNote.load(n.id);
    return app && canReadApplication(ctx.actor, app).allowed ? app : null;
  }

  @FieldResolver(() => ConceptNotePermissions)
  permissions(@Root() n: ConceptNote, @Ctx() ctx: Context): ConceptNotePermissions {
    return Object.assign(new ConceptNotePermissions(), {
      shortlist: Permission.of(policy.canDecideConceptNote(ctx.actor, n, ConceptNoteStatus.SHORTLISTED)),
      decline: Permission.of(policy.canDecideConceptNote(ctx.actor, n, ConceptNoteStatus.DECLINED)),
    });
  }

  @Authorized()
  @Mutation(() => ConceptNotePayload, {
    description: 'An NGO member sends a concept note to a two-stage call, during its concept stage (once).',
  })
  submitConceptNote(@Arg('input', () => SubmitConceptNoteInput) input: SubmitConceptNoteInput, @Ctx() ctx: Context) {
    return payload(async () => ({ conceptNote: await service.submitConceptNote(acting(ctx), input) }));
  }

  @Authorized()
  @Mutation(() => ConceptNotePayload, {
    description: 'The secretariat invites the organisation to submit a full proposal; the message is sent to it.',
  })
  shortlistConceptNote(@Arg('input', () => DecideConceptNoteInput) input: DecideConceptNoteInput, @Ctx() ctx: Context) {
    return payload(async () => ({ conceptNote: await service.shortlistConceptNote(acting(ctx), input) }));
  }

  @Authorized()
  @Mutation(() => ConceptNotePayload, { description: 'The secretariat declines a concept note; the message is sent.' })
  declineConceptNote(@Arg('input', () => DecideConceptNoteInput) input: DecideConceptNoteInput, @Ctx() ctx: Context) {
    return payload(async () => ({ conceptNote: await service.declineConceptNote(acting(ctx), input) }));
  }
}
