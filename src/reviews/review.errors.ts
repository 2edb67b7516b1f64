import { ErrorCode, errorDomain } from '../core/errors';

/**
 * Codes the mutations of reviews, conflict declarations and board votes answer with (besides NOT_FOUND, INVALID_VALUE and INVALID_STATE,
 * which every domain has). GraphQL: `ReviewErrorCode`, `ReviewError`. A service of this domain that
 * throws a new code adds it here; `test/unit/error-domains.test.ts` fails until it does.
 */
export const REVIEW_ERRORS = errorDomain('Review', [
  ErrorCode.ALREADY_VOTED,
  ErrorCode.AMOUNT_OUT_OF_RANGE,
  ErrorCode.BUDGET_MISMATCH,
  ErrorCode.CALL_CLOSED,
  ErrorCode.CALL_NOT_OPEN,
  ErrorCode.CONFLICT_OF_INTEREST,
  ErrorCode.DECISION_FINAL,
  ErrorCode.DURATION_OUT_OF_RANGE,
  ErrorCode.INSUFFICIENT_FUNDS,
  ErrorCode.NO_CONFLICT_CONFIRMATION,
  ErrorCode.ORGANIZATION_NOT_VERIFIED,
  ErrorCode.OVERDUE_REPORT,
  ErrorCode.OVER_ENVELOPE,
  ErrorCode.SEPARATION_OF_DUTIES,
  ErrorCode.MISSING_DOCUMENT,
  ErrorCode.NOT_INVITED,
  ErrorCode.OVER_CATEGORY_CAP,
  ErrorCode.COST_SHARE_EXCEEDED,
  ErrorCode.INELIGIBLE_APPLICANT,
  // accounts (issue 13): an unverified e-mail address submits nothing and moves no money
  ErrorCode.EMAIL_NOT_VERIFIED,
]);
