import type { FilterQuery } from '@mikro-orm/core';
import { type Actor, hasAnyRole, hasRole, memberOf } from '../auth/actor';
import { refuse, type RuleDecision } from '../auth/enforce';
import { allow, deny } from '../auth/policy';
import { decideRead, defineReadRule, inFundsOf, isIn, readFilter } from '../auth/read-rule';
import { type GrantCall, GrantCallStatus } from '../calls/grant-call.entity';
import { ErrorCode } from '../core/errors';
import { formatMinor } from '../core/money';
import type { Organization } from '../organizations/organization.entity';
import { Role } from '../users/user.entity';
import { vettingProblem } from '../applications/application.rules';
import { ConceptNote, ConceptNoteStatus, type ConceptContent } from './concept-note.entity';
import { CONCEPT_MACHINE } from './concept-note.workflow';

const FUND_STAFF = [Role.SECRETARIAT, Role.BOARD_MEMBER, Role.AUDITOR, Role.ADMIN];

/** Who reads a concept note: the applicant organisation's members and the fund's staff. */
export const CONCEPT_READ = defineReadRule<ConceptNote>({
  name: 'conceptNote',
  entity: ConceptNote,
  fields: { fund: 'fund', organization: 'organization' },
  clauses: (actor) => [
    { role: Role.NGO, when: isIn('organization', actor?.memberships ?? []) },
    ...FUND_STAFF.map((role) => ({ role, when: inFundsOf(actor, role) })),
  ],
  denied: 'Only the applicant organisation and fund staff can see this concept note.',
});

export const canReadConceptNote = (actor: Actor | null, note: ConceptNote): RuleDecision =>
  decideRead(CONCEPT_READ, actor, note);

export const readableConceptNotesWhere = (actor: Actor | null): FilterQuery<ConceptNote> =>
  readFilter(CONCEPT_READ, actor);

/** The secretariat's reason for its decision: fund staff only, never the applicant. */
export function canReadConceptReason(actor: Actor | null, note: ConceptNote): boolean {
  return !memberOf(actor, note.organization.id) && !!hasAnyRole(actor, FUND_STAFF, { fundId: note.fund.id });
}

/** The concept stage accepts notes now: a two-stage call, open, opened and before the stage's deadline. */
export function conceptStageProblem(call: GrantCall, now: Date): RuleDecision | null {
  if (!call.conceptClosesAt) {
    return refuse(ErrorCode.INVALID_STATE, 'This call has no concept-note stage; apply directly.', 'callId');
  }
  const status = call.effectiveStatus(now);
  if (status !== GrantCallStatus.OPEN || now < call.opensAt) {
    return refuse(ErrorCode.CALL_NOT_OPEN, 'The call is not open for concept notes.', 'callId');
  }
  if (now >= call.conceptClosesAt) {
    return refuse(
      ErrorCode.CONCEPT_STAGE_CLOSED,
      `The concept-note stage closed at ${call.conceptClosesAt.toISOString()}.`,
      'callId',
    );
  }
  return null;
}

/** The concept's own limits: a summary within the call's length, an amount within its award limits. */
export function conceptContentProblem(content: ConceptContent, call: GrantCall): RuleDecision | null {
  const chars = [...content.summary.trim()].length;
  if (!chars) return refuse(ErrorCode.INVALID_VALUE, 'A summary is required.', 'summary');
  if (chars > call.conceptMaxChars) {
    return refuse(
      ErrorCode.INVALID_VALUE,
      `A concept note's summary has at most ${call.conceptMaxChars} characters (this one has ${chars}).`,
      'summary',
    );
  }
  const amount = BigInt(content.requestedMinor);
  if (amount < call.minAwardMinor || amount > call.maxAwardMinor) {
    const c = call.currency;
    return refuse(
      ErrorCode.AMOUNT_OUT_OF_RANGE,
      `The amount must be between ${formatMinor(call.minAwardMinor, c)} and ${formatMinor(call.maxAwardMinor, c)} ${c}.`,
      'requestedAmount',
    );
  }
  const outside = call.eligibleCountries.length
    ? content.countries.filter((x) => !call.eligibleCountries.includes(x))
    : [];
  if (outside.length) {
    return refuse(ErrorCode.INVALID_VALUE, `Countries outside the call: ${outside.join(', ')}.`, 'countries');
  }
  return null;
}

/** Submitting a concept note: a member of the NGO, to a two-stage call during its concept stage. */
export function canSubmitConceptNote(
  actor: Actor | null,
  org: Organization,
  call: GrantCall,
  content: ConceptContent,
  now: Date,
): RuleDecision {
  if (!memberOf(actor, org.id) || !hasRole(actor, Role.NGO, { organizationId: org.id })) {
    return deny('Only a member of the NGO submits its concept note.');
  }
  if (org.kind !== 'NGO') return refuse(ErrorCode.INVALID_VALUE, 'Only NGOs apply for grants.', 'organizationId');
  const vetting = vettingProblem(org, call);
  return (
    conceptStageProblem(call, now) ??
    (vetting ? refuse(vetting.code, vetting.message, vetting.field) : null) ??
    conceptContentProblem(content, call) ??
    allow(Role.NGO)
  );
}

/** Shortlisting or declining: the fund's secretariat, on a submitted note. */
export function canDecideConceptNote(actor: Actor | null, note: ConceptNote, to: ConceptNoteStatus): RuleDecision {
  if (!hasRole(actor, Role.SECRETARIAT, { fundId: note.fund.id })) {
    return deny('Only the secretariat of this fund shortlists concept notes.');
  }
  if (note.status !== to && !CONCEPT_MACHINE.allows(note.status, to)) {
    return refuse(
      ErrorCode.DECISION_FINAL,
      `The concept note was already ${note.status.toLowerCase()}; the decision is final.`,
      'conceptNoteId',
    );
  }
  return allow(Role.SECRETARIAT);
}

/** A full proposal in a two-stage call needs the organisation's shortlisted concept note. */
export function invitationProblem(call: GrantCall, note: ConceptNote | null): RuleDecision | null {
  if (!call.conceptClosesAt) return null;
  if (note?.status === ConceptNoteStatus.SHORTLISTED) return null;
  return refuse(
    ErrorCode.NOT_INVITED,
    note
      ? `The organisation's concept note is ${note.status.toLowerCase()}; only shortlisted organisations submit full proposals.`
      : 'This call has a concept-note stage: only organisations invited after shortlisting submit full proposals.',
    'callId',
  );
}
