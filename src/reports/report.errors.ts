import { ErrorCode, errorDomain } from '../core/errors';

/**
 * Codes the mutations of narrative and financial reports answer with (besides NOT_FOUND, INVALID_VALUE and INVALID_STATE,
 * which every domain has). GraphQL: `ReportErrorCode`, `ReportError`. A service of this domain that
 * throws a new code adds it here; `test/unit/error-domains.test.ts` fails until it does.
 */
export const REPORT_ERRORS = errorDomain('Report', [
  ErrorCode.INCONSISTENT_COUNTS,
  ErrorCode.INVALID_CURRENCY,
  ErrorCode.SPENDING_ABOVE_PAID,
  ErrorCode.MISSING_DOCUMENT,
  // accounts (issue 13): an unverified e-mail address submits nothing and moves no money
  ErrorCode.EMAIL_NOT_VERIFIED,
]);
