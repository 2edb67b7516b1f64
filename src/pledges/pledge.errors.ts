import { ErrorCode, errorDomain } from '../core/errors';

/**
 * Codes the mutations of pledges answer with (besides NOT_FOUND, INVALID_VALUE and INVALID_STATE,
 * which every domain has). GraphQL: `PledgeErrorCode`, `PledgeError`. A service of this domain that
 * throws a new code adds it here; `test/unit/error-domains.test.ts` fails until it does.
 */
export const PLEDGE_ERRORS = errorDomain('Pledge', [
  ErrorCode.AMOUNT_OUT_OF_RANGE,
  ErrorCode.INVALID_CURRENCY,
  ErrorCode.ORGANIZATION_NOT_VERIFIED,
  // accounts (issue 13): an unverified e-mail address submits nothing and moves no money
  ErrorCode.EMAIL_NOT_VERIFIED,
]);
