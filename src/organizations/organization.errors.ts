import { ErrorCode, errorDomain } from '../core/errors';

/**
 * Codes the mutations of organisations, their vetting and bank accounts answer with (besides NOT_FOUND, INVALID_VALUE and INVALID_STATE,
 * which every domain has). GraphQL: `OrganizationErrorCode`, `OrganizationError`. A service of this domain that
 * throws a new code adds it here; `test/unit/error-domains.test.ts` fails until it does.
 */
export const ORGANIZATION_ERRORS = errorDomain('Organization', [
  ErrorCode.BANK_DETAILS_CHANGED,
  ErrorCode.NO_BANK_ACCOUNT,
  ErrorCode.SEPARATION_OF_DUTIES,
  // accounts (issue 13): an unverified e-mail address submits nothing and moves no money
  ErrorCode.EMAIL_NOT_VERIFIED,
]);
