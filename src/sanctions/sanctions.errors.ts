import { errorDomain } from '../core/errors';

/**
 * Codes the mutations of decisions on sanctions matches answer with (besides NOT_FOUND, INVALID_VALUE and INVALID_STATE,
 * which every domain has). GraphQL: `SanctionsErrorCode`, `SanctionsError`. A service of this domain that
 * throws a new code adds it here; `test/unit/error-domains.test.ts` fails until it does.
 */
export const SANCTIONS_ERRORS = errorDomain('Sanctions', []);
