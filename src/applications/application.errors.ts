import { ErrorCode, errorDomain } from '../core/errors';

/**
 * Codes the mutations of applications: create, update, submit, withdraw, screen, recommend, ask for information; `Application.submissionProblems` answer with (besides NOT_FOUND, INVALID_VALUE and INVALID_STATE,
 * which every domain has). GraphQL: `ApplicationErrorCode`, `ApplicationError`. A service of this domain that
 * throws a new code adds it here; `test/unit/error-domains.test.ts` fails until it does.
 */
export const APPLICATION_ERRORS = errorDomain('Application', [
  ErrorCode.AMOUNT_OUT_OF_RANGE,
  ErrorCode.BUDGET_MISMATCH,
  ErrorCode.CALL_CLOSED,
  ErrorCode.CALL_NOT_OPEN,
  ErrorCode.DUPLICATE_APPLICATION,
  ErrorCode.DURATION_OUT_OF_RANGE,
  ErrorCode.INVALID_CURRENCY,
  ErrorCode.ORGANIZATION_NOT_VERIFIED,
  ErrorCode.DECISION_FINAL,
  ErrorCode.OVERDUE_REPORT,
  ErrorCode.CONFLICT_OF_INTEREST,
  ErrorCode.NO_CONFLICT_CONFIRMATION,
  ErrorCode.SEPARATION_OF_DUTIES,
  ErrorCode.ALREADY_VOTED,
  ErrorCode.MISSING_DOCUMENT,
  ErrorCode.NOT_INVITED,
  ErrorCode.OVER_CATEGORY_CAP,
  ErrorCode.COST_SHARE_EXCEEDED,
  ErrorCode.INELIGIBLE_APPLICANT,
  // accounts (issue 13): an unverified e-mail address submits nothing and moves no money
  ErrorCode.EMAIL_NOT_VERIFIED,
]);
