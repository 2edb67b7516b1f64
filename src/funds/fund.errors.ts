import { ErrorCode, errorDomain } from '../core/errors';

/**
 * Codes the mutations of funds and their policies answer with (besides NOT_FOUND, INVALID_VALUE and INVALID_STATE,
 * which every domain has). GraphQL: `FundErrorCode`, `FundError`. A service of this domain that
 * throws a new code adds it here; `test/unit/error-domains.test.ts` fails until it does.
 */
export const FUND_ERRORS = errorDomain('Fund', [ErrorCode.ALREADY_EXISTS, ErrorCode.INVALID_CURRENCY]);
