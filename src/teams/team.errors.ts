import { ErrorCode, errorDomain } from '../core/errors';

/**
 * Codes the team mutations (invite, accept, change a member's role, remove a member) answer with,
 * besides NOT_FOUND, INVALID_VALUE and INVALID_STATE. GraphQL: `TeamErrorCode`, `TeamError`.
 */
export const TEAM_ERRORS = errorDomain('Team', [
  ErrorCode.LINK_INVALID,
  // ending a member's sessions (reached through the session service)
  ErrorCode.INVALID_REFRESH_TOKEN,
  ErrorCode.WEAK_PASSWORD,
  ErrorCode.ALREADY_MEMBER,
  ErrorCode.LAST_ORG_ADMIN,
]);
