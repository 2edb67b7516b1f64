import { ErrorCode, errorDomain } from '../core/errors';

/**
 * Codes the mutations of awards: termination, grant refunds answer with (besides NOT_FOUND, INVALID_VALUE and INVALID_STATE,
 * which every domain has). GraphQL: `AwardErrorCode`, `AwardError`. A service of this domain that
 * throws a new code adds it here; `test/unit/error-domains.test.ts` fails until it does.
 */
export const AWARD_ERRORS = errorDomain('Award', [
  ErrorCode.ACCEPTANCE_DEADLINE_PASSED,
  ErrorCode.CURRENCY_MISMATCH,
  ErrorCode.DUPLICATE_REFERENCE,
  ErrorCode.INVALID_CURRENCY,
  ErrorCode.REFUND_ABOVE_PAID,
]);
