import { registerEnumType } from 'type-graphql';

/** Where a document is attached: which owner, which purpose. */
export enum DocumentSlot {
  ORGANIZATION_REGISTRATION_CERTIFICATE = 'ORGANIZATION_REGISTRATION_CERTIFICATE',
  ORGANIZATION_GOVERNING_DOCUMENT = 'ORGANIZATION_GOVERNING_DOCUMENT',
  ORGANIZATION_BANK_LETTER = 'ORGANIZATION_BANK_LETTER',
  APPLICATION_PROPOSAL = 'APPLICATION_PROPOSAL',
  APPLICATION_BUDGET = 'APPLICATION_BUDGET',
  /** A document the call requires, named by `requirement` (one of the call's `requiredDocuments`). */
  APPLICATION_CALL_DOCUMENT = 'APPLICATION_CALL_DOCUMENT',
  REPORT_NARRATIVE = 'REPORT_NARRATIVE',
  REPORT_FINANCIAL_STATEMENT = 'REPORT_FINANCIAL_STATEMENT',
  REPORT_AUDIT_REPORT = 'REPORT_AUDIT_REPORT',
  /** The secretariat's evidence for a vetting decision on the organisation. */
  VETTING_EVIDENCE = 'VETTING_EVIDENCE',
  /** The secretariat's evidence for confirming the organisation's bank details (e.g. the bank's call-back note). */
  BANK_CONFIRMATION_EVIDENCE = 'BANK_CONFIRMATION_EVIDENCE',
}

registerEnumType(DocumentSlot, { name: 'DocumentSlot', description: 'Where a document is attached.' });

export type OwnerType = 'Organization' | 'Application' | 'Report';

/** The file types accepted, by the MIME type content sniffing (magic bytes) finds; the name's extension is ignored. */
export const FILE_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  png: 'image/png',
  jpg: 'image/jpeg',
} as const;

export type FileKind = keyof typeof FILE_TYPES;

const TEXT: FileKind[] = ['pdf', 'docx', 'odt'];
const SCAN: FileKind[] = ['pdf', 'png', 'jpg'];
const SHEET: FileKind[] = ['pdf', 'xlsx', 'ods'];

export interface SlotRule {
  owner: OwnerType;
  accepts: FileKind[];
}

/** Each slot: its owner type and the file types it accepts. */
export const SLOTS: Record<DocumentSlot, SlotRule> = {
  ORGANIZATION_REGISTRATION_CERTIFICATE: { owner: 'Organization', accepts: SCAN },
  ORGANIZATION_GOVERNING_DOCUMENT: { owner: 'Organization', accepts: [...TEXT, 'png', 'jpg'] },
  ORGANIZATION_BANK_LETTER: { owner: 'Organization', accepts: SCAN },
  APPLICATION_PROPOSAL: { owner: 'Application', accepts: TEXT },
  APPLICATION_BUDGET: { owner: 'Application', accepts: SHEET },
  APPLICATION_CALL_DOCUMENT: { owner: 'Application', accepts: [...TEXT, 'xlsx', 'ods', 'png', 'jpg'] },
  REPORT_NARRATIVE: { owner: 'Report', accepts: TEXT },
  REPORT_FINANCIAL_STATEMENT: { owner: 'Report', accepts: SHEET },
  REPORT_AUDIT_REPORT: { owner: 'Report', accepts: ['pdf'] },
  VETTING_EVIDENCE: { owner: 'Organization', accepts: [...SCAN, 'docx', 'odt'] },
  BANK_CONFIRMATION_EVIDENCE: { owner: 'Organization', accepts: SCAN },
};

/** Slots whose documents show bank details: read and written under the bank-account rule, not the profile's. */
export const BANK_SLOTS = new Set<DocumentSlot>([
  DocumentSlot.ORGANIZATION_BANK_LETTER,
  DocumentSlot.BANK_CONFIRMATION_EVIDENCE,
]);

/** Call requirements that name a slot of their own; any other requirement is an APPLICATION_CALL_DOCUMENT. */
export const REQUIREMENT_SLOTS: Record<string, DocumentSlot> = {
  PROPOSAL: DocumentSlot.APPLICATION_PROPOSAL,
  BUDGET: DocumentSlot.APPLICATION_BUDGET,
};

/** A call's required-document name: upper case letters, digits and underscores. */
export const REQUIREMENT_NAME = /^[A-Z][A-Z0-9_]{1,63}$/;
