import { ErrorCode, errorDomain } from '../core/errors';

/**
 * Codes the mutations of tranches: request, approve, pay, cancel answer with (besides NOT_FOUND, INVALID_VALUE and INVALID_STATE,
 * which every domain has). GraphQL: `TrancheErrorCode`, `TrancheError`. A service of this domain that
 * throws a new code adds it here; `test/unit/error-domains.test.ts` fails until it does.
 */
export const TRANCHE_ERRORS = errorDomain('Tranche', [
  ErrorCode.AWARD_NOT_ACCEPTED,
  ErrorCode.AMOUNT_NOT_APPROVED,
  ErrorCode.BANK_ACCOUNT_UNCONFIRMED,
  ErrorCode.CONDITION_NOT_MET,
  ErrorCode.CURRENCY_MISMATCH,
  ErrorCode.DISCREPANCY_NOTE_REQUIRED,
  ErrorCode.INSUFFICIENT_FUNDS,
  ErrorCode.INVALID_CURRENCY,
  ErrorCode.NO_BANK_ACCOUNT,
  ErrorCode.ORGANIZATION_NOT_VERIFIED,
  ErrorCode.OVERDUE_REPORT,
  ErrorCode.OVER_AWARD,
  ErrorCode.PARTIAL_REASON_REQUIRED,
  ErrorCode.SANCTIONS_MATCH,
  ErrorCode.SEPARATION_OF_DUTIES,
]);
