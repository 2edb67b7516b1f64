import { ErrorCode, errorDomain } from '../core/errors';

/**
 * Codes the mutations of users, roles, sign-in and public registration answer with (besides NOT_FOUND, INVALID_VALUE and INVALID_STATE,
 * which every domain has). GraphQL: `AccountErrorCode`, `AccountError` (`UserError` is the interface). A service of this domain that
 * throws a new code adds it here; `test/unit/error-domains.test.ts` fails until it does.
 */
export const ACCOUNT_ERRORS = errorDomain('Account', [
  ErrorCode.INVALID_CREDENTIALS,
  ErrorCode.WEAK_PASSWORD,
  ErrorCode.EMAIL_TAKEN,
  // accounts (issue 13)
  ErrorCode.INVALID_REFRESH_TOKEN,
  ErrorCode.LINK_INVALID,
  ErrorCode.SECOND_FACTOR_INVALID,
  ErrorCode.LOGIN_CHALLENGE_EXPIRED,
]);
