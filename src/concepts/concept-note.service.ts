import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { auditActor, recordAudit } from '../audit/audit.service';
import { enforce } from '../auth/enforce';
import { GrantCall } from '../calls/grant-call.entity';
import { DomainError, ErrorCode } from '../core/errors';
import { parseDecimal } from '../core/money';
import { required } from '../core/required';
import { transition } from '../core/transition';
import { getByGlobalId } from '../db/find';
import { notify, organizationMembers } from '../notifications/notification.service';
import { Organization } from '../organizations/organization.entity';
import type { Acting } from '../services';
import { ConceptNote, ConceptNoteStatus, type ConceptContent } from './concept-note.entity';
import { canDecideConceptNote, canSubmitConceptNote } from './concept-note.policy';
import type { DecideConceptNoteInput, SubmitConceptNoteInput } from './concept-note.types';
import { CONCEPT_MACHINE, CONCEPT_STATUS } from './concept-note.workflow';

const duplicate = () =>
  new DomainError(
    ErrorCode.DUPLICATE_APPLICATION,
    'The organisation has already sent a concept note to this call.',
    'callId',
  );

/** The caller's NGO when it is a member of exactly one. */
function callerNgo(ctx: Acting): string {
  const ngoOrgs = ctx.actor.grants.filter((g) => g.role === 'NGO' && g.organizationId);
  if (ngoOrgs.length !== 1)
    throw new DomainError(ErrorCode.INVALID_VALUE, 'Say which organisation applies.', 'organizationId');
  return required(ngoOrgs[0]?.organizationId, 'NGO organisation');
}

/** An NGO sends its concept note to a two-stage call during the concept stage (one per organisation). */
export async function submitConceptNote(ctx: Acting, input: SubmitConceptNoteInput): Promise<ConceptNote> {
  try {
    return await ctx.em.transactional(async (tx) => {
      const call = await getByGlobalId(tx, GrantCall, 'GrantCall', input.callId, 'callId');
      const org = input.organizationId
        ? await getByGlobalId(tx, Organization, 'Organization', input.organizationId, 'organizationId')
        : await tx.findOneOrFail(Organization, { id: callerNgo(ctx) });
      const now = ctx.app.clock.now();
      const content: ConceptContent = {
        projectTitle: input.projectTitle,
        summary: input.summary,
        requestedMinor: parseDecimal(input.requestedAmount, call.currency, 'requestedAmount').toString(),
        countries: (input.countries ?? []).map((c) => c.toUpperCase()),
      };
      const role = enforce(canSubmitConceptNote(ctx.actor, org, call, content, now));
      if (await tx.count(ConceptNote, { call, organization: org })) throw duplicate();
      const note = new ConceptNote(call, org, content, ctx.actor.userId, now);
      tx.persist(note);
      await tx.flush();
      await recordAudit(tx, auditActor(ctx, role), {
        action: 'concept_note.submit',
        entityType: 'ConceptNote',
        entityId: note.id,
        fundId: call.fund.id,
        after: { status: note.status, callId: call.id, organizationId: org.id, ...content },
      });
      return note;
    });
  } catch (e) {
    // Two submissions racing for the same call and organisation: the unique constraint decides.
    if (e instanceof UniqueConstraintViolationException) throw duplicate();
    throw e;
  }
}

export async function lockConceptNote(tx: EntityManager, gid: string, field = 'conceptNoteId'): Promise<ConceptNote> {
  return getByGlobalId(tx, ConceptNote, 'ConceptNote', gid, field, { lockMode: LockMode.PESSIMISTIC_WRITE });
}

/**
 * Shortlists (invites a full proposal) or declines a concept note, in the caller's transaction:
 * the decision, its reason and message, the audit event and the applicant's notification.
 */
export async function decideConceptNoteIn(
  tx: EntityManager,
  ctx: Acting,
  note: ConceptNote,
  to: ConceptNoteStatus.SHORTLISTED | ConceptNoteStatus.DECLINED,
  input: Pick<DecideConceptNoteInput, 'reason' | 'message'>,
): Promise<ConceptNote> {
  const now = ctx.app.clock.now();
  const before = note.status;
  await transition(tx, ctx, CONCEPT_MACHINE, note, CONCEPT_STATUS, to, canDecideConceptNote(ctx.actor, note, to), {
    action: to === ConceptNoteStatus.SHORTLISTED ? 'concept_note.shortlist' : 'concept_note.decline',
    fundId: note.fund.id,
    field: 'conceptNoteId',
    apply: () => {
      note.decidedAt = now;
      note.decidedById = ctx.actor.userId;
      note.decisionReason = input.reason;
      note.decisionMessage = input.message;
    },
    detail: { reason: input.reason, message: input.message },
  });
  if (before === to) return note; // a repeat: nothing new to tell
  const call = await tx.findOneOrFail(GrantCall, { id: note.call.id });
  const invited = to === ConceptNoteStatus.SHORTLISTED;
  for (const userId of await organizationMembers(tx, note.organization.id)) {
    await notify(tx, {
      userId,
      kind: invited ? 'CONCEPT_SHORTLISTED' : 'CONCEPT_DECLINED',
      subject: invited
        ? `Invitation to submit a full proposal: ${call.title}`
        : `Your concept note to ${call.title} was not shortlisted`,
      body: invited
        ? `${input.message}\n\nSubmit the full proposal by ${call.closesAt.toISOString()}; it starts from your concept note.`
        : input.message,
      entityType: 'ConceptNote',
      entityId: note.id,
      dedupeKey: `concept:${note.id}:${to}:${userId}`,
    });
  }
  return note;
}

export async function shortlistConceptNote(ctx: Acting, input: DecideConceptNoteInput): Promise<ConceptNote> {
  return ctx.em.transactional(async (tx) =>
    decideConceptNoteIn(tx, ctx, await lockConceptNote(tx, input.conceptNoteId), ConceptNoteStatus.SHORTLISTED, input),
  );
}

export async function declineConceptNote(ctx: Acting, input: DecideConceptNoteInput): Promise<ConceptNote> {
  return ctx.em.transactional(async (tx) =>
    decideConceptNoteIn(tx, ctx, await lockConceptNote(tx, input.conceptNoteId), ConceptNoteStatus.DECLINED, input),
  );
}
