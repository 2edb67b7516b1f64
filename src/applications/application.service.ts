import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { enforce } from '../auth/enforce';
import { auditActor, diff, recordAudit } from '../audit/audit.service';
import { hasOverdueReport } from '../reports/report.repository';
import { attachedRequirements } from '../documents/document.repository';
import { GrantCall } from '../calls/grant-call.entity';
import { getByGlobalId } from '../db/find';
import type { Acting } from '../services';
import { DomainError, ErrorCode } from '../core/errors';
import { parseDecimal } from '../core/money';
import { Organization, VettingStatus } from '../organizations/organization.entity';
import { Application, ApplicationStatus, ApplicationVersion, EligibilityCheck } from './application.entity';
import {
  canCreateApplication,
  canEditApplication,
  canRequestInfo,
  canScreenApplication,
  canSubmitApplication,
  canWithdrawApplication,
} from './application.policy';
import { transition } from './application.workflow';
import type {
  ApplicationActionInput,
  ApplicationContentInput,
  CreateApplicationInput,
  RequestApplicationInfoInput,
  ScreenApplicationInput,
  UpdateApplicationInput,
} from './application.types';
import { required } from '../core/required';
import { ConceptNote } from '../concepts/concept-note.entity';
import { grantHistories } from '../awards/award.repository';
import { invitationProblem } from '../concepts/concept-note.policy';

function applyContent(app: Application, input: ApplicationContentInput): void {
  const c = app.currency;
  if (input.projectTitle != null) app.projectTitle = input.projectTitle;
  if (input.summary != null) app.summary = input.summary;
  if (input.requestedAmount != null) app.requestedMinor = parseDecimal(input.requestedAmount, c, 'requestedAmount');
  if (input.durationMonths != null) app.durationMonths = input.durationMonths;
  if (input.startDate != null) app.startDate = input.startDate;
  if (input.budgetLines != null) {
    app.budgetLines = input.budgetLines.map((l, i) => ({
      category: l.category,
      description: l.description,
      amountMinor: parseDecimal(l.amount, c, `budgetLines.${i}.amount`).toString(),
    }));
  }
  if (input.targetBeneficiaries != null) {
    app.targetBeneficiaries = input.targetBeneficiaries.map((t) => ({
      sex: t.sex,
      ageGroup: t.ageGroup,
      exploitation: t.exploitation ?? null,
      count: t.count,
    }));
  }
  if (input.countries != null) app.countries = input.countries.map((x) => x.toUpperCase());
  if (input.category != null) app.category = input.category;
  if (input.projectBudget != null) app.projectBudgetMinor = parseDecimal(input.projectBudget, c, 'projectBudget');
}

/** A full proposal starts from its concept note (what the input gives replaces it). */
function carryOver(app: Application, note: ConceptNote): void {
  app.conceptNote = note;
  app.summary = note.summary;
  app.requestedMinor = note.requestedMinor;
  app.countries = [...note.countries];
}

export async function lockApplication(tx: EntityManager, gid: string): Promise<Application> {
  return getByGlobalId(tx, Application, 'Application', gid, 'applicationId', { lockMode: LockMode.PESSIMISTIC_WRITE });
}

/** The caller's organisation when it is a member of exactly one NGO. */
function callerNgo(ctx: Acting): string {
  const ngoOrgs = (ctx.actor.grants ?? []).filter((g) => g.role === 'NGO' && g.organizationId);
  if (ngoOrgs.length !== 1) {
    throw new DomainError(ErrorCode.INVALID_VALUE, 'Say which organisation applies.', 'organizationId');
  }
  return required(ngoOrgs[0]?.organizationId, 'NGO organisation');
}

export async function createApplication(ctx: Acting, input: CreateApplicationInput): Promise<Application> {
  try {
    return await ctx.em.transactional(async (tx) => {
      const call = await getByGlobalId(tx, GrantCall, 'GrantCall', input.callId, 'callId');
      const org = input.organizationId
        ? await getByGlobalId(tx, Organization, 'Organization', input.organizationId, 'organizationId')
        : await tx.findOneOrFail(Organization, { id: callerNgo(ctx) });
      const role = enforce(canCreateApplication(ctx.actor, org, call, ctx.app.clock.now()));
      const note = call.conceptClosesAt ? await tx.findOne(ConceptNote, { call, organization: org }) : null;
      const invitation = invitationProblem(call, note);
      if (invitation) enforce(invitation);
      if (await tx.count(Application, { call, organization: org })) {
        throw new DomainError(
          ErrorCode.DUPLICATE_APPLICATION,
          'The organisation has already applied to this call.',
          'callId',
        );
      }
      const app = new Application(call, org, input.projectTitle, ctx.actor.userId);
      if (note) carryOver(app, note);
      applyContent(app, input);
      tx.persist(app);
      await tx.flush();
      await recordAudit(tx, auditActor(ctx, role), {
        action: 'application.create',
        entityType: 'Application',
        entityId: app.id,
        fundId: call.fund.id,
        after: { status: app.status, ...app.content(), ...(note ? { conceptNoteId: note.id } : {}) },
      });
      return app;
    });
  } catch (e) {
    // Two drafts racing for the same call and organisation: the unique constraint decides.
    if (e instanceof UniqueConstraintViolationException) {
      throw new DomainError(
        ErrorCode.DUPLICATE_APPLICATION,
        'The organisation has already applied to this call.',
        'callId',
      );
    }
    throw e;
  }
}

export async function updateApplication(ctx: Acting, input: UpdateApplicationInput): Promise<Application> {
  return ctx.em.transactional(async (tx) => {
    const app = await lockApplication(tx, input.applicationId);
    const role = enforce(canEditApplication(ctx.actor, app));
    const before = app.content() as unknown as Record<string, unknown>;
    applyContent(app, input);
    const changes = diff(before, app.content() as unknown as Record<string, unknown>);
    if (Object.keys(changes.after).length === 0) return app;
    await tx.flush();
    await recordAudit(tx, auditActor(ctx, role), {
      action: 'application.update',
      entityType: 'Application',
      entityId: app.id,
      fundId: app.fund.id,
      ...changes,
    });
    return app;
  });
}

export async function submitApplication(ctx: Acting, input: ApplicationActionInput): Promise<Application> {
  return ctx.em.transactional(async (tx) => {
    const app = await lockApplication(tx, input.applicationId);
    const now = ctx.app.clock.now();
    const call = await tx.findOneOrFail(GrantCall, { id: app.call.id });
    const org = await tx.findOneOrFail(Organization, { id: app.organization.id });
    const overdue = await hasOverdueReport(tx, org.id, app.fund.id, now);
    const attachedDocuments = required((await attachedRequirements(tx, [app.id])).get(app.id), 'attached');
    const [history] = await grantHistories(tx, [`${org.id}|${app.fund.id}`]);
    const decision = canSubmitApplication(
      ctx.actor,
      app,
      { call, org, hasOverdueReport: overdue, attachedDocuments, history: required(history, 'history') },
      now,
    );
    return transition(tx, ctx, app, ApplicationStatus.SUBMITTED, decision, {
      action: app.version === 0 ? 'application.submit' : 'application.resubmit',
      apply: () => {
        app.version += 1;
        app.submittedAt = now;
        app.infoRequest = null;
        tx.persist(new ApplicationVersion(app, now, ctx.actor.userId));
      },
      detail: { version: app.version + 1 },
    });
  });
}

export async function withdrawApplication(ctx: Acting, input: ApplicationActionInput): Promise<Application> {
  return ctx.em.transactional(async (tx) => {
    const app = await lockApplication(tx, input.applicationId);
    return transition(tx, ctx, app, ApplicationStatus.WITHDRAWN, canWithdrawApplication(ctx.actor, app), {
      action: 'application.withdraw',
      detail: { reason: input.reason ?? null },
    });
  });
}

export async function requestApplicationInfo(ctx: Acting, input: RequestApplicationInfoInput): Promise<Application> {
  return ctx.em.transactional(async (tx) => {
    const app = await lockApplication(tx, input.applicationId);
    return transition(tx, ctx, app, ApplicationStatus.INFO_REQUESTED, canRequestInfo(ctx.actor, app), {
      action: 'application.request_info',
      apply: () => (app.infoRequest = input.message),
      detail: { message: input.message },
    });
  });
}

export async function screenApplication(ctx: Acting, input: ScreenApplicationInput): Promise<Application> {
  return ctx.em.transactional(async (tx) => {
    const app = await lockApplication(tx, input.applicationId);
    const decision = canScreenApplication(ctx.actor, app);
    if (!decision.allowed) enforce(decision);
    const call = await tx.findOneOrFail(GrantCall, { id: app.call.id });
    const org = await tx.findOneOrFail(Organization, { id: app.organization.id });
    const ruleKeys = call.eligibilityRules.map((r) => r.key);
    const given = input.checks.map((c) => c.ruleKey);
    const missing = ruleKeys.filter((k) => !given.includes(k));
    const unknown = given.filter((k) => !ruleKeys.includes(k));
    if (missing.length || unknown.length || new Set(given).size !== given.length) {
      throw new DomainError(
        ErrorCode.INVALID_VALUE,
        `Give exactly one check per rule of the call (missing: ${missing.join(', ') || 'none'}; unknown: ${unknown.join(', ') || 'none'}).`,
        'checks',
      );
    }
    const failed = input.checks.filter((c) => !c.passed).map((c) => c.ruleKey);
    if (!failed.length && org.vettingStatus !== VettingStatus.VERIFIED) {
      throw new DomainError(
        ErrorCode.ORGANIZATION_NOT_VERIFIED,
        'The organisation must be verified before its application is found eligible.',
        'applicationId',
      );
    }
    const now = ctx.app.clock.now();
    const to = failed.length ? ApplicationStatus.INELIGIBLE : ApplicationStatus.ELIGIBLE;
    return transition(tx, ctx, app, to, decision, {
      action: 'application.screen',
      apply: () => {
        for (const c of input.checks) {
          tx.persist(new EligibilityCheck(app, c.ruleKey, c.passed, c.comment ?? null, ctx.actor.userId, now));
        }
      },
      detail: { failedRules: failed },
    });
  });
}
