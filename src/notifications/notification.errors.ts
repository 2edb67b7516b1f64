import { errorDomain } from '../core/errors';

/**
 * Codes the mutations of notifications answer with (besides NOT_FOUND, INVALID_VALUE and INVALID_STATE,
 * which every domain has). GraphQL: `NotificationErrorCode`, `NotificationError`. A service of this domain that
 * throws a new code adds it here; `test/unit/error-domains.test.ts` fails until it does.
 */
export const NOTIFICATION_ERRORS = errorDomain('Notification', []);
