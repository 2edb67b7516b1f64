import 'reflect-metadata';
import { TranchePayment } from '../tranches/tranche-payment.entity';
import { installCompiledReads } from '../compiled-reads/compiler';
import '../calls/grant-call.sql-read';
import { buildSchema, type AuthChecker, type NonEmptyArray } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import { GraphQLDateTime } from 'graphql-scalars';
import { allow, deny } from '../auth/policy';
import { AuditEvent } from '../audit/audit-event.entity';
import { canReadAudit } from '../audit/audit.policy';
import { AuditResolver } from '../audit/audit.resolver';
import { auditTrailResolver } from '../audit/audit-trail.resolver';
import { Fund } from '../funds/fund.entity';
import { FundResolver } from '../funds/fund.resolver';
import { Organization } from '../organizations/organization.entity';
import { canReadOrganization } from '../organizations/organization.policy';
import { OrganizationResolver } from '../organizations/organization.resolver';
import { Role, RoleGrant, User } from '../users/user.entity';
import { canReadUser } from '../users/user.policy';
import { RoleGrantResolver, UserResolver } from '../users/user.resolver';
import { hasAnyRole, hasRole, type Actor } from '../auth/actor';
import { GrantCall } from '../calls/grant-call.entity';
import { canReadCall } from '../calls/grant-call.policy';
import { GrantCallResolver } from '../calls/grant-call.resolver';
import { Application } from '../applications/application.entity';
import { canReadApplication } from '../applications/application.policy';
import { ApplicationResolver, ApplicationVersionResolver } from '../applications/application.resolver';
import { BatchDecisionResolver } from '../applications/batch-decision.resolver';
import { BoardVote, ConflictDeclaration, Review } from '../reviews/review.entity';
import { BoardVoteResolver, ConflictDeclarationResolver, ReviewResolver } from '../reviews/review.resolver';
import { Award } from '../awards/award.entity';
import { Report } from '../reports/report.entity';
import { Tranche } from '../tranches/tranche.entity';
import { canReadAward } from '../awards/award.policy';
import { AwardResolver } from '../awards/award.resolver';
import { TrancheResolver } from '../tranches/tranche.resolver';
import { TranchePaymentResolver } from '../tranches/tranche-payment.resolver';
import { Pledge } from '../pledges/pledge.entity';
import { canReadPledge } from '../pledges/pledge.policy';
import { PledgeResolver } from '../pledges/pledge.resolver';
import { Contribution } from '../contributions/contribution.entity';
import { canReadContribution } from '../contributions/contribution.policy';
import { ContributionResolver } from '../contributions/contribution.resolver';
import { ExchangeRate } from '../ledger/exchange-rate.entity';
import { FundBalanceResolver, LedgerResolver } from '../ledger/ledger.resolver';
import { StatementResolver } from '../statements/statement.resolver';
import { StatisticsResolver } from '../statistics/statistics.resolver';
import { PaymentSettingsResolver } from '../payments/payment-settings.resolver';
import { ReportSubmission } from '../reports/report-submission.entity';
import { ReportResolver, ReportSubmissionResolver } from '../reports/report.resolver';
import { Notification } from '../notifications/notification.entity';
import { canReadNotification } from '../notifications/notification.policy';
import { NotificationResolver } from '../notifications/notification.resolver';
import { AwardAmendment } from '../amendments/award-amendment.entity';
import { AmendmentResolver } from '../amendments/amendment.resolver';
import { SanctionsMatch, SanctionsScreening } from '../sanctions/sanctions.entity';
import { canReadSanctions } from '../sanctions/sanctions.policy';
import { OrganizationSanctionsResolver, SanctionsResolver } from '../sanctions/sanctions.resolver';
import { BankStatementLineResolver } from '../reconciliation/reconciliation.resolver';
import { ConceptNote } from '../concepts/concept-note.entity';
import { canReadConceptNote } from '../concepts/concept-note.policy';
import { ConceptNoteResolver } from '../concepts/concept-note.resolver';
import type { Context } from './context';
import { UnauthenticatedError } from '../core/errors';
import { NodeResolver, registerNodeType } from './node.resolver';
import { InboxResolver } from '../inbox/inbox.resolver';
import { Session } from '../auth/session.entity';
import { SessionResolver } from '../auth/session.resolver';
import { TwoFactorResolver } from '../auth/two-factor.resolver';
import { DocumentResolver } from '../documents/document.resolver';
import { Document } from '../documents/document.entity';
import { canReadDocument } from '../documents/document.policy';
import { findReadableDocument } from '../documents/document.service';
import { AccountResolver } from '../users/account.resolver';
import { TeamResolver } from '../teams/team.resolver';

registerNodeType('Fund', Fund, () => allow('SELF'));
registerNodeType('Organization', Organization, canReadOrganization);
registerNodeType('User', User, canReadUser);
registerNodeType('RoleGrant', RoleGrant, (actor, g) =>
  actor && (g.user.id === actor.userId || hasRole(actor, Role.ADMIN)) ? allow('SELF') : deny('Not your role grant.'),
);
registerNodeType('Pledge', Pledge, canReadPledge);
registerNodeType('Contribution', Contribution, canReadContribution);
registerNodeType('ExchangeRate', ExchangeRate, (actor) => (actor ? allow('SELF') : deny('Sign in to see rates.')));
registerNodeType('AuditEvent', AuditEvent, canReadAudit, (ctx, id) => ctx.em.findOne(AuditEvent, { seq: BigInt(id) }));

registerNodeType('GrantCall', GrantCall, canReadCall);
registerNodeType('Application', Application, canReadApplication);
registerNodeType('ConceptNote', ConceptNote, canReadConceptNote);
// Through node(id) only for the roles that see every review and vote of the fund; board members read them on the application.
const confidentialStaff = [Role.SECRETARIAT, Role.AUDITOR, Role.ADMIN];
const staffOf = (actor: Actor | null, fundId: string) => hasAnyRole(actor, confidentialStaff, { fundId });
/** Reviews and votes: staff of their application's fund. */
function registerConfidential<T extends { id: string; application: Application }>(
  name: string,
  entity: EntityClass<T>,
  refusal: string,
): void {
  registerNodeType<T>(
    name,
    entity,
    (actor, x) => (staffOf(actor, x.application.fund.id) ? allow('SELF') : deny(refusal)),
    (ctx, id) => ctx.em.findOne(entity, { id } as FilterQuery<T>, { populate: ['application'] as never }),
  );
}
registerConfidential('Review', Review, 'Reviews are read through their application.');
registerConfidential('BoardVote', BoardVote, 'Votes are read through their application.');
registerNodeType('ConflictDeclaration', ConflictDeclaration, (actor, d) =>
  actor && (d.member.id === actor.userId || staffOf(actor, d.fund.id)) ? allow('SELF') : deny('Not your declaration.'),
);
registerNodeType('Award', Award, canReadAward);
registerNodeType(
  'Tranche',
  Tranche,
  (actor, t) => canReadAward(actor, t.award),
  (ctx, id) => ctx.em.findOne(Tranche, { id }, { populate: ['award'] }),
);
registerNodeType(
  'TranchePayment',
  TranchePayment,
  (actor, p) => canReadAward(actor, p.tranche.award),
  (ctx, id) => ctx.em.findOne(TranchePayment, { id }, { populate: ['tranche.award'] }),
);
// A document by exactly the rule of its download: visible (attached, or one's own upload), then its owner's read rule.
registerNodeType(
  'Document',
  Document,
  async (actor, d, ctx) => {
    const found = await findReadableDocument(ctx.em, actor, d.id);
    return found ? canReadDocument(actor, found.owner, d.slot) : deny('No such document.');
  },
  async (ctx, id) => (await findReadableDocument(ctx.em, ctx.actor, id))?.doc ?? null,
);
registerNodeType(
  'Report',
  Report,
  (actor, r) => canReadAward(actor, r.award),
  (ctx, id) => ctx.em.findOne(Report, { id }, { populate: ['award'] }),
);

registerNodeType(
  'ReportSubmission',
  ReportSubmission,
  (actor, s) => canReadAward(actor, s.report.award),
  (ctx, id) => ctx.em.findOne(ReportSubmission, { id }, { populate: ['report.award'] }),
);
registerNodeType(
  'AwardAmendment',
  AwardAmendment,
  (actor, m) => canReadAward(actor, m.award),
  (ctx, id) => ctx.em.findOne(AwardAmendment, { id }, { populate: ['award'] }),
);
registerNodeType('Notification', Notification, canReadNotification);
registerNodeType('SanctionsMatch', SanctionsMatch, canReadSanctions);
registerNodeType('SanctionsScreening', SanctionsScreening, canReadSanctions);
registerNodeType('Session', Session, (actor, s) =>
  actor && s.user.id === actor.userId ? allow('SELF') : deny('Not your session.'),
);

export const resolvers: NonEmptyArray<Function> = [
  NodeResolver,
  SessionResolver,
  TwoFactorResolver,
  AccountResolver,
  TeamResolver,
  FundResolver,
  OrganizationResolver,
  UserResolver,
  RoleGrantResolver,
  AuditResolver,
  auditTrailResolver(Fund, 'Fund'),
  auditTrailResolver(Organization, 'Organization'),
  auditTrailResolver(GrantCall, 'GrantCall'),
  auditTrailResolver(Application, 'Application'),
  auditTrailResolver(Award, 'Award'),
  auditTrailResolver(Tranche, 'Tranche'),
  auditTrailResolver(Report, 'Report'),
  auditTrailResolver(ReportSubmission, 'ReportSubmission'),
  auditTrailResolver(AwardAmendment, 'AwardAmendment'),
  auditTrailResolver(Pledge, 'Pledge'),
  auditTrailResolver(Contribution, 'Contribution'),
  GrantCallResolver,
  ApplicationResolver,
  ApplicationVersionResolver,
  BatchDecisionResolver,
  ReviewResolver,
  BoardVoteResolver,
  ConflictDeclarationResolver,
  AwardResolver,
  TrancheResolver,
  ReportResolver,
  TranchePaymentResolver,
  ReportSubmissionResolver,
  NotificationResolver,
  AmendmentResolver,
  PledgeResolver,
  ContributionResolver,
  FundBalanceResolver,
  LedgerResolver,
  StatementResolver,
  StatisticsResolver,
  PaymentSettingsResolver,
  OrganizationSanctionsResolver,
  SanctionsResolver,
  InboxResolver,
  BankStatementLineResolver,
  ConceptNoteResolver,
  DocumentResolver,
];

/**
 * Coarse layer of authorization: `@Authorized()` needs a valid token; `@Authorized(roles)` also
 * one of the roles in some scope. Fine-grained policies run in the services.
 */
const authChecker: AuthChecker<Context, Role> = ({ context }, roles) => {
  if (!context.actor) throw new UnauthenticatedError(context.authError ?? 'Authentication required.');
  return roles.length === 0 || roles.some((r) => hasRole(context.actor, r));
};

export async function buildAppSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    authChecker,
    authMode: 'error',
    validate: { forbidUnknownValues: false, validationError: { target: false, value: false } },
    scalarsMap: [{ type: Date, scalar: GraphQLDateTime }],
    // No globalMiddlewares: compiled reads answer fields without their resolvers (src/compiled-reads/README.md).
  });
  installCompiledReads(schema);
  return schema;
}
