import { ErrorCode, errorDomain } from '../core/errors';

/**
 * Codes the concept-note mutations (submit, shortlist, decline) answer with, besides NOT_FOUND,
 * INVALID_VALUE and INVALID_STATE. GraphQL: `ConceptNoteErrorCode`, `ConceptNoteError`. The
 * application codes at the end are reached through the shared application rules (the analysis of
 * test/unit/error-domains.test.ts over-approximates).
 */
export const CONCEPT_NOTE_ERRORS = errorDomain('ConceptNote', [
  ErrorCode.AMOUNT_OUT_OF_RANGE,
  ErrorCode.CALL_NOT_OPEN,
  ErrorCode.CALL_CLOSED,
  ErrorCode.CONCEPT_STAGE_CLOSED,
  ErrorCode.DUPLICATE_APPLICATION,
  ErrorCode.ORGANIZATION_NOT_VERIFIED,
  ErrorCode.DECISION_FINAL,
  ErrorCode.INVALID_CURRENCY,
  ErrorCode.NOT_INVITED,
  ErrorCode.DURATION_OUT_OF_RANGE,
  ErrorCode.BUDGET_MISMATCH,
  ErrorCode.MISSING_DOCUMENT,
  ErrorCode.OVER_CATEGORY_CAP,
  ErrorCode.COST_SHARE_EXCEEDED,
  ErrorCode.INELIGIBLE_APPLICANT,
]);
