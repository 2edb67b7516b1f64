import type { TFunction } from 'i18next';
import { graphql } from '../gql';
import type { ErrorCode } from '../gql/graphql';
import { en } from '../i18n/en';

/**
 * What every payload error has besides its code (the API's `UserError` interface). Each domain's
 * error type adds `code` with its own enum (`ApplicationErrorCode`, …, all values of `ErrorCode`),
 * so a mutation selects `errors { code ...UserErrorFields }`: GraphQL cannot merge `code` of
 * different enums in one fragment on the interface. The cache matches the interface through
 * `possibleTypes` (src/app/apollo.ts).
 */
export const UserErrorFields = graphql(`
  fragment UserErrorFields on UserError {
    field
    message
  }
`);

export interface PayloadError {
  code: ErrorCode;
  field?: string | null;
  message: string;
}

/** The field an error names, without the `input.` prefix some payloads use. */
function fieldOf(e: PayloadError): string {
  return (e.field ?? '').replace(/^input\./, '');
}

/**
 * Payload errors by field, each message in the user's language (one translation per ErrorCode);
 * errors that name no field known to the form are returned under `_form`.
 */
export function errorsByField(errors: readonly PayloadError[], t: TFunction, knownFields: readonly string[]) {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const field = fieldOf(e);
    const known = knownFields.find((k) => field === k || field.startsWith(`${k}.`) || field.startsWith(`${k}[`));
    const key = known ?? '_form';
    const text = t(`errors.${e.code}`);
    out[key] = out[key] ? `${out[key]} ${text}` : text;
  }
  return out;
}

// Every ErrorCode of the API has an English message (FR and ES follow from the Messages type).
const _everyCodeTranslated: Record<ErrorCode, string> = en.errors;
