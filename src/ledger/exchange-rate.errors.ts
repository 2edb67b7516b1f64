import { ErrorCode, errorDomain } from '../core/errors';

/**
 * Codes the mutations of exchange rates answer with (besides NOT_FOUND, INVALID_VALUE and INVALID_STATE,
 * which every domain has). GraphQL: `ExchangeRateErrorCode`, `ExchangeRateError`. A service of this domain that
 * throws a new code adds it here; `test/unit/error-domains.test.ts` fails until it does.
 */
export const EXCHANGE_RATE_ERRORS = errorDomain('ExchangeRate', [ErrorCode.INVALID_CURRENCY]);
