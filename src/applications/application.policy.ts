import { verifiedOnly } from '../auth/verified';
import type { FilterQuery } from '@mikro-orm/core';
import { Actor, hasAnyRole, hasRole, memberOf } from '../auth/actor';
import { refuse, RuleDecision } from '../auth/enforce';
import { allow, deny } from '../auth/policy';
import { and, decideRead, defineReadRule, inFundsOf, isIn, notIn, readFilter } from '../auth/read-rule';
import type { GrantCall } from '../calls/grant-call.entity';
import type { Fund } from '../funds/fund.entity';
import { ErrorCode } from '../core/errors';
import type { Organization } from '../organizations/organization.entity';
import { Role } from '../users/user.entity';
import { Application, ApplicationStatus } from './application.entity';
import type { GrantHistory } from '../awards/award.repository';
import {
  applicantProblems,
  callProblem,
  canMove,
  contentProblem,
  DECIDED,
  documentProblem,
  Problem,
  stageProblem,
  vettingProblem,
} from './application.rules';

const fromProblem = (p: Problem): RuleDecision => refuse(p.code, p.message, p.field);

const wrongState = (app: Application, action: string): RuleDecision =>
  DECIDED.has(app.status)
    ? refuse(ErrorCode.DECISION_FINAL, `The board has decided (${app.status}); it cannot ${action}.`, 'applicationId')
    : refuse(ErrorCode.INVALID_STATE, `An application in ${app.status} cannot ${action}.`, 'applicationId');

/** The applicant: a member of the applying organisation. */
export function isApplicant(actor: Actor | null, app: Application): boolean {
  return memberOf(actor, app.organization.id);
}

const scope = (app: Application) => ({ fundId: app.fund.id });

/**
 * Who reads an application: the applicant organisation's members; fund staff (drafts are the
 * organisation's own working papers: only the auditor and admin read them).
 */
export const APPLICATION_READ = defineReadRule<Application>({
  name: 'application',
  entity: Application,
  fields: { fund: 'fund', organization: 'organization', status: Object.values(ApplicationStatus) },
  clauses: (actor) => [
    { role: Role.NGO, when: isIn('organization', actor?.memberships ?? []) },
    ...[Role.SECRETARIAT, Role.BOARD_MEMBER].map((role) => ({
      role,
      when: and(inFundsOf(actor, role), notIn('status', [ApplicationStatus.DRAFT])),
    })),
    ...[Role.AUDITOR, Role.ADMIN].map((role) => ({ role, when: inFundsOf(actor, role) })),
  ],
  denied: 'Only the applicant organisation and fund staff can see this application.',
});

export const canReadApplication = (actor: Actor | null, app: Application): RuleDecision =>
  decideRead(APPLICATION_READ, actor, app);

export function canCreateApplication(actor: Actor | null, org: Organization, call: GrantCall, now: Date): RuleDecision {
  if (!memberOf(actor, org.id) || !hasRole(actor, Role.NGO, { organizationId: org.id })) {
    return deny('Only a member of the NGO can apply for it.');
  }
  if (org.kind !== 'NGO') return refuse(ErrorCode.INVALID_VALUE, 'Only NGOs apply for grants.', 'organizationId');
  const p = callProblem(call, now);
  return p ? fromProblem(p) : allow(Role.NGO);
}

export function canEditApplication(actor: Actor | null, app: Application): RuleDecision {
  if (!isApplicant(actor, app)) return deny('Only the applicant organisation edits its application.');
  if (app.status !== ApplicationStatus.DRAFT && app.status !== ApplicationStatus.INFO_REQUESTED) {
    return refuse(
      ErrorCode.INVALID_STATE,
      'A submitted application is frozen; it can change only after a request for information.',
      'applicationId',
    );
  }
  return allow(Role.NGO);
}

export interface SubmitFacts {
  org: Organization;
  call: GrantCall;
  hasOverdueReport: boolean;
  /** The required-document names the application's attached documents fulfil. */
  attachedDocuments: ReadonlySet<string>;
  /** The organisation's awards of this fund (first-grant categories, current grantees). */
  history: GrantHistory;
}

export function canSubmitApplication(actor: Actor | null, app: Application, f: SubmitFacts, now: Date): RuleDecision {
  const edit = canEditApplication(actor, app);
  if (!edit.allowed) return edit;
  const unverified = verifiedOnly(actor, edit);
  if (!unverified.allowed) return unverified;
  const p =
    callProblem(f.call, now) ??
    stageProblem(app, f.call) ??
    vettingProblem(f.org, f.call) ??
    contentProblem(app, f.call) ??
    applicantProblems(app, f.call, f.history)[0] ??
    documentProblem(f.call, f.attachedDocuments);
  if (p) return fromProblem(p);
  if (f.hasOverdueReport) {
    return refuse(ErrorCode.OVERDUE_REPORT, 'The organisation has an overdue report on an earlier grant of this fund.');
  }
  return allow(Role.NGO);
}

export function canWithdrawApplication(actor: Actor | null, app: Application): RuleDecision {
  if (!isApplicant(actor, app)) return deny('Only the applicant organisation withdraws its application.');
  return canMove(app.status, ApplicationStatus.WITHDRAWN) ? allow(Role.NGO) : wrongState(app, 'be withdrawn');
}

const secretariat = (actor: Actor | null, app: Application): boolean => hasRole(actor, Role.SECRETARIAT, scope(app));

export function canScreenApplication(actor: Actor | null, app: Application): RuleDecision {
  if (!secretariat(actor, app)) return deny('Only the secretariat of this fund screens applications.');
  return app.status === ApplicationStatus.SUBMITTED ? allow(Role.SECRETARIAT) : wrongState(app, 'be screened');
}

/** What a batch decline makes of an application in `status`: screened out, or not recommended. */
export function batchDeclineTarget(status: ApplicationStatus): ApplicationStatus | null {
  if (status === ApplicationStatus.SUBMITTED) return ApplicationStatus.INELIGIBLE;
  if (status === ApplicationStatus.UNDER_REVIEW) return ApplicationStatus.NOT_RECOMMENDED;
  return null;
}

/**
 * Declining in a batch: the secretariat of the application's fund, on a submitted application or
 * one under review; one already screened out or not recommended is done (a repeat).
 */
export function canBatchDecline(actor: Actor | null, app: Application): RuleDecision {
  if (!secretariat(actor, app) || app.status === ApplicationStatus.DRAFT) {
    return deny('Only the secretariat of the fund declines its submitted applications.');
  }
  const done = app.status === ApplicationStatus.INELIGIBLE || app.status === ApplicationStatus.NOT_RECOMMENDED;
  return batchDeclineTarget(app.status) || done ? allow(Role.SECRETARIAT) : wrongState(app, 'be declined in a batch');
}

export function canRequestInfo(actor: Actor | null, app: Application): RuleDecision {
  if (!secretariat(actor, app)) return deny('Only the secretariat of this fund requests information.');
  return canMove(app.status, ApplicationStatus.INFO_REQUESTED)
    ? allow(Role.SECRETARIAT)
    : wrongState(app, 'receive a request for information');
}

export function canRecommendApplication(actor: Actor | null, app: Application): RuleDecision {
  if (!secretariat(actor, app)) return deny('Only the secretariat of this fund recommends.');
  return app.status === ApplicationStatus.UNDER_REVIEW ? allow(Role.SECRETARIAT) : wrongState(app, 'be recommended');
}

/** Who may review for this fund: board members, and secretariat staff when the fund allows it. */
export function reviewerRole(actor: Actor | null, fund: Fund): Role | null {
  if (hasRole(actor, Role.BOARD_MEMBER, { fundId: fund.id })) return Role.BOARD_MEMBER;
  if (fund.secretariatMayReview && hasRole(actor, Role.SECRETARIAT, { fundId: fund.id })) return Role.SECRETARIAT;
  return null;
}

export interface ConflictFacts {
  /** Declared conflict on the application or its organisation, or membership in it. */
  conflicted: boolean;
  confirmedNoConflict: boolean;
}

export function canDeclareConflict(actor: Actor | null, fund: Fund): RuleDecision {
  const role = reviewerRole(actor, fund);
  return role ? allow(role) : deny('Only board members (and reviewers) of this fund declare conflicts.');
}

export function canReviewApplication(
  actor: Actor | null,
  app: Application,
  fund: Fund,
  f: ConflictFacts,
): RuleDecision {
  const role = reviewerRole(actor, fund);
  if (!role) return deny('Only board members (and secretariat reviewers when the fund allows) review.');
  if (f.conflicted) {
    return refuse(ErrorCode.CONFLICT_OF_INTEREST, 'You have a conflict of interest with this application.');
  }
  if (app.status !== ApplicationStatus.ELIGIBLE && app.status !== ApplicationStatus.UNDER_REVIEW) {
    return wrongState(app, 'be reviewed');
  }
  if (!f.confirmedNoConflict) {
    return refuse(ErrorCode.NO_CONFLICT_CONFIRMATION, 'Confirm that you have no conflict of interest before scoring.');
  }
  return allow(role);
}

export interface VoteFacts {
  conflicted: boolean;
  hasVoted: boolean;
}

export function canVoteOnApplication(actor: Actor | null, app: Application, f: VoteFacts): RuleDecision {
  if (!hasRole(actor, Role.BOARD_MEMBER, scope(app))) return deny('Only board members of this fund vote.');
  if (app.status !== ApplicationStatus.RECOMMENDED) return wrongState(app, 'be voted on');
  if (actor && app.recommendedById === actor.userId) {
    return refuse(ErrorCode.SEPARATION_OF_DUTIES, 'You recommended this application; you cannot vote on it.');
  }
  if (f.conflicted)
    return refuse(ErrorCode.CONFLICT_OF_INTEREST, 'You have a conflict of interest with this application.');
  if (f.hasVoted) return refuse(ErrorCode.ALREADY_VOTED, 'You have already voted on this application.');
  return allow(Role.BOARD_MEMBER);
}

/** Why a board member with a conflict of interest may not read an application's reviews. */
export const CONFLICTED_REVIEWS_REASON = 'You have a conflict of interest with this application.';

/**
 * The role under which the caller reads the confidential reviews of a fund's applications, other
 * than its own organisation's: fund staff, else a board member (refused where conflicted).
 */
export function reviewsReaderIn(actor: Actor | null, fundId: string): Role | null {
  const staff = hasAnyRole(actor, [Role.SECRETARIAT, Role.AUDITOR, Role.ADMIN], { fundId });
  return staff ?? (hasRole(actor, Role.BOARD_MEMBER, { fundId }) ? Role.BOARD_MEMBER : null);
}

/** Confidential review content (scores, comments) and votes: never the applicant, never a conflicted member. */
export function canReadReviews(actor: Actor | null, app: Application, conflicted: boolean): RuleDecision {
  const role = isApplicant(actor, app) ? null : reviewsReaderIn(actor, app.fund.id);
  if (!role) return deny('Reviews are confidential to the secretariat, the board and auditors.');
  return role === Role.BOARD_MEMBER && conflicted ? deny(CONFLICTED_REVIEWS_REASON) : allow(role);
}

/** `canReadApplication` as a filter. */
export const readableApplicationsWhere = (actor: Actor): FilterQuery<Application> =>
  readFilter(APPLICATION_READ, actor);

/**
 * The funds whose applications (not the caller's own) the caller reads; '' for every fund its
 * grants do not name (the scope of the compiled reads).
 */
export function readableFunds(actor: Actor): string[] {
  const staff = { ...actor, memberships: [] };
  const named = [...new Set(actor.grants.map((g) => g.fundId).filter((f): f is string => f !== null))];
  return ['', ...named].filter((fund) =>
    Object.values(ApplicationStatus).some(
      (status) =>
        canReadApplication(staff, { fund: { id: fund }, organization: { id: '' }, status } as Application).allowed,
    ),
  );
}

/** `readableApplicationsWhere` within one fund. */
export function readableApplicationsOfFundWhere(actor: Actor, fundId: string): FilterQuery<Application> {
  return { $and: [{ fund: fundId }, readableApplicationsWhere(actor)] };
}
