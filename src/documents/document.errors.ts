import { ErrorCode, errorDomain } from '../core/errors';

/**
 * Codes `attachDocument` answers with (besides NOT_FOUND, INVALID_VALUE and INVALID_STATE, which every
 * domain has): a quarantined upload, and the refusals of the owner's own rules it asks (bank
 * confirmation evidence follows `canConfirmBankAccount`). GraphQL: `DocumentErrorCode`, `DocumentError`.
 */
export const DOCUMENT_ERRORS = errorDomain('Document', [
  ErrorCode.UPLOAD_QUARANTINED,
  ErrorCode.NO_BANK_ACCOUNT,
  ErrorCode.SEPARATION_OF_DUTIES,
]);
