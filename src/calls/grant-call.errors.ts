import { ErrorCode, errorDomain } from '../core/errors';

/**
 * Codes the mutations of calls for proposals and their statuses answer with (besides NOT_FOUND, INVALID_VALUE and INVALID_STATE,
 * which every domain has). GraphQL: `GrantCallErrorCode`, `GrantCallError`. A service of this domain that
 * throws a new code adds it here; `test/unit/error-domains.test.ts` fails until it does.
 */
export const GRANT_CALL_ERRORS = errorDomain('GrantCall', [ErrorCode.INVALID_CURRENCY, ErrorCode.CALL_CLOSED]);
