import { ErrorCode, errorDomain } from '../core/errors';

/**
 * Codes the mutations of amendments of a tranche schedule and their votes answer with (besides NOT_FOUND, INVALID_VALUE and INVALID_STATE,
 * which every domain has). GraphQL: `AmendmentErrorCode`, `AmendmentError`. A service of this domain that
 * throws a new code adds it here; `test/unit/error-domains.test.ts` fails until it does.
 */
export const AMENDMENT_ERRORS = errorDomain('Amendment', [
  ErrorCode.ALREADY_VOTED,
  ErrorCode.CONFLICT_OF_INTEREST,
  ErrorCode.DECISION_FINAL,
  ErrorCode.INSUFFICIENT_FUNDS,
  ErrorCode.INVALID_CURRENCY,
  ErrorCode.OVER_AWARD,
  ErrorCode.OVER_ENVELOPE,
  ErrorCode.SEPARATION_OF_DUTIES,
]);
