import { enforce } from '../auth/enforce';
import { auditActor, recordAudit } from '../audit/audit.service';
import { Application, ApplicationStatus } from '../applications/application.entity';
import { canDeclareConflict, canRecommendApplication, canReviewApplication } from '../applications/application.policy';
import { amountProblem } from '../applications/application.rules';
import { lockApplication } from '../applications/application.service';
import { systemTransition, transition } from '../applications/application.workflow';
import { GrantCall } from '../calls/grant-call.entity';
import { getByGlobalId } from '../db/find';
import { Fund } from '../funds/fund.entity';
import type { Acting } from '../services';
import { DomainError, ErrorCode } from '../core/errors';
import { parseDecimal } from '../core/money';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { conflictOf } from './board';
import { ConflictDeclaration, Review } from './review.entity';
import type {
  ConfirmNoConflictInput,
  DeclareConflictInput,
  RecommendApplicationInput,
  SubmitReviewInput,
} from './review.types';
import { required } from '../core/required';

export async function declareConflict(ctx: Acting, input: DeclareConflictInput): Promise<ConflictDeclaration> {
  return ctx.em.transactional(async (tx) => {
    let app: Application | null = null;
    let org: Organization;
    let fund: Fund;
    if (input.applicationId) {
      app = await getByGlobalId(tx, Application, 'Application', input.applicationId, 'applicationId');
      org = await tx.findOneOrFail(Organization, { id: app.organization.id });
      fund = await tx.findOneOrFail(Fund, { id: app.fund.id });
    } else if (input.organizationId && input.fundId) {
      org = await getByGlobalId(tx, Organization, 'Organization', input.organizationId, 'organizationId');
      fund = await getByGlobalId(tx, Fund, 'Fund', input.fundId, 'fundId');
    } else {
      throw new DomainError(
        ErrorCode.INVALID_VALUE,
        'Name an application, or an organisation and a fund.',
        'applicationId',
      );
    }
    const role = enforce(canDeclareConflict(ctx.actor, fund));
    const me = tx.getReference(User, ctx.actor.userId);
    const decl = new ConflictDeclaration(
      me,
      fund,
      app ? { application: app } : { organization: org },
      true,
      input.nature,
      ctx.app.clock.now(),
    );
    tx.persist(decl);
    await tx.flush();
    await recordAudit(tx, auditActor(ctx, role), {
      action: 'conflict.declare',
      entityType: 'ConflictDeclaration',
      entityId: decl.id,
      fundId: fund.id,
      after: { applicationId: app?.id ?? null, organizationId: app ? null : org.id, nature: input.nature },
    });
    return decl;
  });
}

export async function confirmNoConflict(ctx: Acting, input: ConfirmNoConflictInput): Promise<ConflictDeclaration> {
  return ctx.em.transactional(async (tx) => {
    const app = await getByGlobalId(tx, Application, 'Application', input.applicationId, 'applicationId');
    const fund = await tx.findOneOrFail(Fund, { id: app.fund.id });
    const role = enforce(canDeclareConflict(ctx.actor, fund));
    const facts = await conflictOf(tx, ctx.actor.userId, app);
    if (facts.conflicted) {
      throw new DomainError(ErrorCode.CONFLICT_OF_INTEREST, 'You have a conflict of interest with this application.');
    }
    const existing = await tx.findOne(ConflictDeclaration, {
      member: ctx.actor.userId,
      application: app.id,
      hasConflict: false,
    });
    if (existing) return existing;
    const decl = new ConflictDeclaration(
      tx.getReference(User, ctx.actor.userId),
      fund,
      { application: app },
      false,
      input.statement || 'I have no conflict of interest with this application.',
      ctx.app.clock.now(),
    );
    tx.persist(decl);
    await tx.flush();
    await recordAudit(tx, auditActor(ctx, role), {
      action: 'conflict.confirm_none',
      entityType: 'ConflictDeclaration',
      entityId: decl.id,
      fundId: fund.id,
      after: { applicationId: app.id },
    });
    return decl;
  });
}

export async function submitReview(
  ctx: Acting,
  input: SubmitReviewInput,
): Promise<{ review: Review; application: Application }> {
  return ctx.em.transactional(async (tx) => {
    const app = await lockApplication(tx, input.applicationId);
    const fund = await tx.findOneOrFail(Fund, { id: app.fund.id });
    const call = await tx.findOneOrFail(GrantCall, { id: app.call.id });
    const facts = await conflictOf(tx, ctx.actor.userId, app);
    const role = enforce(canReviewApplication(ctx.actor, app, fund, facts));
    const keys = call.rubric.map((r) => r.key);
    const given = input.scores.map((s) => s.criterion);
    if (given.length !== keys.length || new Set(given).size !== given.length || given.some((g) => !keys.includes(g))) {
      throw new DomainError(ErrorCode.INVALID_VALUE, `Score each rubric criterion once: ${keys.join(', ')}.`, 'scores');
    }
    const weighted = call.rubric.reduce(
      (s, r) =>
        s +
        r.weight *
          required(
            input.scores.find((x) => x.criterion === r.key),
            'score of a criterion',
          ).score,
      0,
    );
    const scores = input.scores.map((s) => ({ criterion: s.criterion, score: s.score }));
    let review = await tx.findOne(Review, { application: app.id, reviewer: ctx.actor.userId });
    const before = review ? { scores: review.scores, comment: review.comment } : null;
    if (review) {
      review.scores = scores;
      review.comment = input.comment;
      review.weightedHundredths = weighted;
    } else {
      review = new Review(app, tx.getReference(User, ctx.actor.userId), scores, input.comment, weighted);
      tx.persist(review);
    }
    await tx.flush();
    await recordAudit(tx, auditActor(ctx, role), {
      action: before ? 'review.update' : 'review.submit',
      entityType: 'Review',
      entityId: review.id,
      fundId: fund.id,
      before,
      after: { applicationId: app.id, scores, comment: input.comment, weightedHundredths: weighted },
    });
    if (app.status === ApplicationStatus.ELIGIBLE) {
      await systemTransition(tx, ctx, app, ApplicationStatus.UNDER_REVIEW, role, {
        action: 'application.review_started',
      });
    }
    return { review, application: app };
  });
}

export async function recommendApplication(ctx: Acting, input: RecommendApplicationInput): Promise<Application> {
  return ctx.em.transactional(async (tx) => {
    const app = await lockApplication(tx, input.applicationId);
    const decision = canRecommendApplication(ctx.actor, app);
    const to = input.recommend ? ApplicationStatus.RECOMMENDED : ApplicationStatus.NOT_RECOMMENDED;
    // Idempotent for the secretariat only: a stranger learns nothing from a repeated call.
    if (!decision.allowed && !decision.code) enforce(decision);
    if (app.status === to) return app;
    enforce(decision);
    let proposed: bigint | null = null;
    if (input.recommend) {
      if (!input.proposedAmount) {
        throw new DomainError(ErrorCode.INVALID_VALUE, 'A recommendation proposes an amount.', 'proposedAmount');
      }
      const call = await tx.findOneOrFail(GrantCall, { id: app.call.id });
      proposed = parseDecimal(input.proposedAmount, app.currency, 'proposedAmount');
      const p = amountProblem(proposed, call, 'proposedAmount', app.category);
      if (p) throw new DomainError(p.code, p.message, p.field);
      if (proposed > app.requestedMinor) {
        throw new DomainError(
          ErrorCode.AMOUNT_OUT_OF_RANGE,
          'The proposed amount exceeds the requested amount.',
          'proposedAmount',
        );
      }
    }
    const now = ctx.app.clock.now();
    return transition(tx, ctx, app, to, decision, {
      action: input.recommend ? 'application.recommend' : 'application.not_recommend',
      apply: () => {
        app.recommendedById = ctx.actor.userId;
        app.recommendedAt = now;
        app.proposedMinor = proposed;
        app.recommendationComment = input.comment ?? null;
      },
      detail: { proposedMinor: proposed, comment: input.comment ?? null },
    });
  });
}
