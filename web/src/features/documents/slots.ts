import type { DocumentSlot } from '../../gql/graphql';
import type { SlotSpec } from './DocumentsPanel';

/** The names a call uses for the two documents that have a slot of their own. */
const OWN_SLOT: Record<string, DocumentSlot> = { PROPOSAL: 'APPLICATION_PROPOSAL', BUDGET: 'APPLICATION_BUDGET' };

/**
 * An application's document slots: the proposal and the budget (required when the call asks for
 * them), then each other document the call requires, under its own name.
 */
export function applicationSlots(requiredDocuments: readonly string[]): SlotSpec[] {
  const own = (name: string): SlotSpec => ({ slot: OWN_SLOT[name]!, required: requiredDocuments.includes(name) });
  return [
    own('PROPOSAL'),
    own('BUDGET'),
    ...requiredDocuments
      .filter((n) => !(n in OWN_SLOT))
      .map((n): SlotSpec => ({ slot: 'APPLICATION_CALL_DOCUMENT', requirement: n, required: true })),
  ];
}

/** A report's document slots; an audit report cannot be submitted without its auditor's file. */
export function reportSlots(kind: string): SlotSpec[] {
  return [
    { slot: 'REPORT_NARRATIVE', required: false },
    { slot: 'REPORT_FINANCIAL_STATEMENT', required: false },
    { slot: 'REPORT_AUDIT_REPORT', required: kind === 'AUDIT' },
  ];
}
