import { ErrorCode, errorDomain } from '../core/errors';

/**
 * Codes the mutations of contributions: card payments, wires, wire rates, refunds answer with (besides NOT_FOUND, INVALID_VALUE and INVALID_STATE,
 * which every domain has). GraphQL: `ContributionErrorCode`, `ContributionError`. A service of this domain that
 * throws a new code adds it here; `test/unit/error-domains.test.ts` fails until it does.
 */
export const CONTRIBUTION_ERRORS = errorDomain('Contribution', [
  ErrorCode.AMOUNT_OUT_OF_RANGE,
  ErrorCode.CURRENCY_MISMATCH,
  ErrorCode.DUPLICATE_REFERENCE,
  ErrorCode.EXCHANGE_RATE_MISSING,
  ErrorCode.IDEMPOTENCY_KEY_REUSED,
  ErrorCode.INVALID_CURRENCY,
  ErrorCode.ORGANIZATION_NOT_VERIFIED,
  ErrorCode.PAYMENTS_NOT_CONFIGURED,
  ErrorCode.PAYMENT_PROVIDER_ERROR,
  ErrorCode.SEPARATION_OF_DUTIES,
  // accounts (issue 13): an unverified e-mail address submits nothing and moves no money
  ErrorCode.EMAIL_NOT_VERIFIED,
]);
