import { AuditEvent } from '../audit/audit-event.entity';
import { LedgerEntry } from '../ledger/ledger-entry.entity';
import { Fund } from '../funds/fund.entity';
import { Organization } from '../organizations/organization.entity';
import { GrantCall } from '../calls/grant-call.entity';
import { Application, ApplicationVersion, EligibilityCheck } from '../applications/application.entity';
import { BoardVote, ConflictDeclaration, Review } from '../reviews/review.entity';
import { Award } from '../awards/award.entity';
import { Report } from '../reports/report.entity';
import { Tranche } from '../tranches/tranche.entity';
import { Pledge } from '../pledges/pledge.entity';
import { Contribution } from '../contributions/contribution.entity';
import { ExchangeRate } from '../ledger/exchange-rate.entity';
import { ReportSubmission } from '../reports/report-submission.entity';
import { Notification } from '../notifications/notification.entity';
import { AmendmentVote, AwardAmendment } from '../amendments/award-amendment.entity';
import { StripeEvent } from '../payments/stripe-event.entity';
import { TranchePayment } from '../tranches/tranche-payment.entity';
import { Membership, RoleGrant, User } from '../users/user.entity';
import { RateLimit } from '../auth/rate-limit.entity';
import { EmailVerification } from '../users/email-verification.entity';
import { Invitation } from '../teams/invitation.entity';
import { PasswordReset, RefreshToken, Session } from '../auth/session.entity';
import { LoginChallenge, Passkey, RecoveryCode, TotpCredential, WebAuthnChallenge } from '../auth/second-factor.entity';
import { Document } from '../documents/document.entity';
import { IssuedPdf } from '../documents/pdf/issued-pdf.entity';
import { StatisticsPublication } from '../statistics/statistics-publication.entity';
import { BankStatement, BankStatementLine } from '../reconciliation/bank-statement.entity';
import { ConceptNote } from '../concepts/concept-note.entity';
import { SanctionsEntry, SanctionsListImport, SanctionsMatch, SanctionsScreening } from '../sanctions/sanctions.entity';

/** Every MikroORM entity; a new domain adds its entities here. */
export const entities = [
  TotpCredential,
  RecoveryCode,
  LoginChallenge,
  Passkey,
  WebAuthnChallenge,
  Fund,
  Organization,
  User,
  Membership,
  RoleGrant,
  RateLimit,
  AuditEvent,
  LedgerEntry,
  GrantCall,
  Application,
  ApplicationVersion,
  EligibilityCheck,
  Review,
  ConflictDeclaration,
  BoardVote,
  Award,
  Tranche,
  Report,
  Pledge,
  Contribution,
  ExchangeRate,
  StripeEvent,
  ReportSubmission,
  Notification,
  AwardAmendment,
  AmendmentVote,
  TranchePayment,
  SanctionsListImport,
  SanctionsEntry,
  SanctionsScreening,
  SanctionsMatch,
  StatisticsPublication,
  Session,
  RefreshToken,
  BankStatement,
  BankStatementLine,
  ConceptNote,
  Document,
  IssuedPdf,
  PasswordReset,
  EmailVerification,
  Invitation,
];
