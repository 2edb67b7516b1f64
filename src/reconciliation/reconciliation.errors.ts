import { ErrorCode, errorDomain } from '../core/errors';

/**
 * Codes the reconciliation mutations answer with (besides NOT_FOUND, INVALID_VALUE and
 * INVALID_STATE): the statement's own, and those of the wire path a confirmation runs through.
 * GraphQL: `ReconciliationErrorCode`, `ReconciliationError`.
 */
export const RECONCILIATION_ERRORS = errorDomain('Reconciliation', [
  ErrorCode.STATEMENT_UNREADABLE,
  ErrorCode.DUPLICATE_REFERENCE,
  ErrorCode.AMOUNT_OUT_OF_RANGE,
  ErrorCode.CURRENCY_MISMATCH,
  ErrorCode.EXCHANGE_RATE_MISSING,
  ErrorCode.INVALID_CURRENCY,
  ErrorCode.ORGANIZATION_NOT_VERIFIED,
  // accounts (issue 13): an unverified e-mail address submits nothing and moves no money
  ErrorCode.EMAIL_NOT_VERIFIED,
]);
