import { GraphQLError } from 'graphql';

/**
 * Errors every domain uses, independent of GraphQL transport: business failures (`DomainError` with a
 * code) and refusals. The refusals carry `extensions.code`, which the API reports as top-level errors.
 */

/** Codes of expected business failures, returned in a mutation payload's `errors`. */
export enum ErrorCode {
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  TOO_MANY_ATTEMPTS = 'TOO_MANY_ATTEMPTS',
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  WEAK_PASSWORD = 'WEAK_PASSWORD',
  NOT_FOUND = 'NOT_FOUND',
  ALREADY_EXISTS = 'ALREADY_EXISTS',
  INVALID_STATE = 'INVALID_STATE',
  INVALID_VALUE = 'INVALID_VALUE',
  INVALID_CURRENCY = 'INVALID_CURRENCY',
  CURRENCY_MISMATCH = 'CURRENCY_MISMATCH',
  AMOUNT_OUT_OF_RANGE = 'AMOUNT_OUT_OF_RANGE',
  INSUFFICIENT_FUNDS = 'INSUFFICIENT_FUNDS',
  DUPLICATE_REFERENCE = 'DUPLICATE_REFERENCE',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  PAYMENTS_NOT_CONFIGURED = 'PAYMENTS_NOT_CONFIGURED',
  PAYMENT_PROVIDER_ERROR = 'PAYMENT_PROVIDER_ERROR',
  EXCHANGE_RATE_MISSING = 'EXCHANGE_RATE_MISSING',
  OVERPAYMENT = 'OVERPAYMENT',
  CALL_NOT_OPEN = 'CALL_NOT_OPEN',
  CALL_CLOSED = 'CALL_CLOSED',
  ORGANIZATION_NOT_VERIFIED = 'ORGANIZATION_NOT_VERIFIED',
  DUPLICATE_APPLICATION = 'DUPLICATE_APPLICATION',
  BUDGET_MISMATCH = 'BUDGET_MISMATCH',
  DURATION_OUT_OF_RANGE = 'DURATION_OUT_OF_RANGE',
  OVERDUE_REPORT = 'OVERDUE_REPORT',
  CONFLICT_OF_INTEREST = 'CONFLICT_OF_INTEREST',
  NO_CONFLICT_CONFIRMATION = 'NO_CONFLICT_CONFIRMATION',
  ALREADY_VOTED = 'ALREADY_VOTED',
  DECISION_FINAL = 'DECISION_FINAL',
  SEPARATION_OF_DUTIES = 'SEPARATION_OF_DUTIES',
  OVER_ENVELOPE = 'OVER_ENVELOPE',
  CONDITION_NOT_MET = 'CONDITION_NOT_MET',
  NO_BANK_ACCOUNT = 'NO_BANK_ACCOUNT',
  BANK_DETAILS_CHANGED = 'BANK_DETAILS_CHANGED',
  BANK_ACCOUNT_UNCONFIRMED = 'BANK_ACCOUNT_UNCONFIRMED',
  OVER_AWARD = 'OVER_AWARD',
  INCONSISTENT_COUNTS = 'INCONSISTENT_COUNTS',
  SPENDING_ABOVE_PAID = 'SPENDING_ABOVE_PAID',
  REFUND_ABOVE_PAID = 'REFUND_ABOVE_PAID',
  AMENDMENT_CHANGES_TOTAL = 'AMENDMENT_CHANGES_TOTAL',
  AMOUNT_NOT_APPROVED = 'AMOUNT_NOT_APPROVED',
  PARTIAL_REASON_REQUIRED = 'PARTIAL_REASON_REQUIRED',
  SANCTIONS_MATCH = 'SANCTIONS_MATCH',
  PERIOD_NOT_CLOSED = 'PERIOD_NOT_CLOSED',
  ALREADY_PUBLISHED = 'ALREADY_PUBLISHED',
  // accounts (issue 13): sessions, self-service, teams
  INVALID_REFRESH_TOKEN = 'INVALID_REFRESH_TOKEN',
  /** A link from an e-mail (password reset) that is unknown, expired or already used. */
  LINK_INVALID = 'LINK_INVALID',
  // cycle (issue 18): bank reconciliation, award acceptance, acknowledgement of receipt
  STATEMENT_UNREADABLE = 'STATEMENT_UNREADABLE',
  // documents (uploads, attachments): issue 14
  MISSING_DOCUMENT = 'MISSING_DOCUMENT',
  UPLOAD_QUARANTINED = 'UPLOAD_QUARANTINED',
  // cycle (issue 18), continued: award acceptance
  ACCEPTANCE_DEADLINE_PASSED = 'ACCEPTANCE_DEADLINE_PASSED',
  AWARD_NOT_ACCEPTED = 'AWARD_NOT_ACCEPTED',
  // cycle (issue 18), after the decision: acknowledgement of receipt, emergency and direct awards
  /** The grantee reports that another amount arrived than was sent, and must say what happened. */
  DISCREPANCY_NOTE_REQUIRED = 'DISCREPANCY_NOTE_REQUIRED',
  // cycle (issue 18), before the decision: two-stage calls
  CONCEPT_STAGE_CLOSED = 'CONCEPT_STAGE_CLOSED',
  NOT_INVITED = 'NOT_INVITED',
  // accounts (issue 13): two-factor
  /** A TOTP code, recovery code or passkey assertion that is wrong, expired or already used. */
  SECOND_FACTOR_INVALID = 'SECOND_FACTOR_INVALID',
  /** The second step of a login came too late, was already used or ran out of attempts. */
  LOGIN_CHALLENGE_EXPIRED = 'LOGIN_CHALLENGE_EXPIRED',
  // cycle (issue 18), before the decision: call categories and caps
  OVER_CATEGORY_CAP = 'OVER_CATEGORY_CAP',
  COST_SHARE_EXCEEDED = 'COST_SHARE_EXCEEDED',
  INELIGIBLE_APPLICANT = 'INELIGIBLE_APPLICANT',
  // accounts (issue 13), continued: e-mail verification, teams
  /** The caller's e-mail address is not verified yet: nothing that submits or moves money. */
  EMAIL_NOT_VERIFIED = 'EMAIL_NOT_VERIFIED',
  /** The invited address already belongs to a member of the organisation. */
  ALREADY_MEMBER = 'ALREADY_MEMBER',
  /** The change would leave the organisation without an administrator. */
  LAST_ORG_ADMIN = 'LAST_ORG_ADMIN',
}
/**
 * Codes any mutation may answer with: an id that names nothing (`NOT_FOUND`), a value the rules
 * refuse (`INVALID_VALUE`), a move its state does not allow (`INVALID_STATE`). Every error domain
 * includes them.
 */
export const GENERIC_ERROR_CODES: readonly ErrorCode[] = [
  ErrorCode.NOT_FOUND,
  ErrorCode.INVALID_VALUE,
  ErrorCode.INVALID_STATE,
];

/**
 * The codes one domain's mutations may answer with. Its GraphQL twin is the enum `<name>ErrorCode`
 * and the type `<name>Error` of its payloads' `errors` (`src/graphql/errors.ts`); the list is the
 * one source of both. `test/unit/error-domains.test.ts` proves from the source that every code a
 * mutation can throw is in its payload's domain, and that every specific code listed is used.
 */
export interface ErrorDomain {
  /** GraphQL names derive from it: `Tranche` -> `TrancheErrorCode`, `TrancheError`. */
  readonly name: string;
  readonly codes: readonly ErrorCode[];
  has(code: ErrorCode): boolean;
}

/** Declares a domain's codes (the generic ones are added); one per domain, in `src/<domain>/<domain>.errors.ts`. */
export function errorDomain(name: string, codes: readonly ErrorCode[]): ErrorDomain {
  if (!/^[A-Z][A-Za-z]*$/.test(name)) throw new Error(`error domain name "${name}" must be PascalCase`);
  const all = [...new Set([...GENERIC_ERROR_CODES, ...codes])];
  const set = new Set<ErrorCode>(all);
  return { name, codes: all, has: (code) => set.has(code) };
}

/**
 * Thrown by services for an expected business failure. Resolvers turn it into a payload error (`payload` in src/graphql/errors.ts);
 * the enclosing transaction is rolled back, so nothing is written.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Several business failures at once (a batch refused item by item); the payload lists each. */
export class DomainErrors extends DomainError {
  constructor(readonly all: DomainError[]) {
    super(all[0]?.code ?? ErrorCode.INVALID_VALUE, all.map((e) => e.message).join(' '), all[0]?.field ?? null);
    this.name = 'DomainErrors';
  }
}

export class ForbiddenError extends GraphQLError {
  constructor(reason = 'You are not allowed to do this.') {
    super(reason, { extensions: { code: 'FORBIDDEN' } });
  }
}

export class UnauthenticatedError extends GraphQLError {
  constructor(message = 'Authentication required.') {
    super(message, { extensions: { code: 'UNAUTHENTICATED' } });
  }
}
