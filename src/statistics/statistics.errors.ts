import { ErrorCode, errorDomain } from '../core/errors';

/**
 * Codes the mutations of publication of statistics answer with (besides NOT_FOUND, INVALID_VALUE and INVALID_STATE,
 * which every domain has). GraphQL: `StatisticsErrorCode`, `StatisticsError`. A service of this domain that
 * throws a new code adds it here; `test/unit/error-domains.test.ts` fails until it does.
 */
export const STATISTICS_ERRORS = errorDomain('Statistics', [ErrorCode.ALREADY_PUBLISHED, ErrorCode.PERIOD_NOT_CLOSED]);
