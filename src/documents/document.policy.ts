import type { Actor } from '../auth/actor';
import type { Decision } from '../auth/policy';
import type { RuleDecision } from '../auth/enforce';
import type { Application } from '../applications/application.entity';
import { canEditApplication, canReadApplication } from '../applications/application.policy';
import type { Award } from '../awards/award.entity';
import { canReadAward } from '../awards/award.policy';
import type { Organization } from '../organizations/organization.entity';
import {
  canConfirmBankAccount,
  canEditOrganization,
  canReadOrganization,
  canSeeBankAccount,
  canSetBankAccount,
  canVetOrganization,
} from '../organizations/organization.policy';
import type { OrganizationFunds } from '../organizations/organization.repository';
import type { Report } from '../reports/report.entity';
import { canSubmitReportNow } from '../reports/report.policy';
import { BANK_SLOTS, DocumentSlot } from './document-slots';

/** A document's owner, loaded with what its rules need. */
export type DocumentOwner =
  | { type: 'Organization'; id: string; org: Organization; funds: OrganizationFunds }
  | { type: 'Application'; id: string; app: Application }
  | { type: 'Report'; id: string; report: Report; award: Award };

/**
 * Who reads a document: exactly who reads its owner, by the owner's own rule (no rule of its own).
 * Bank letters and bank-confirmation evidence show bank details: the bank-account rule of the
 * organisation, as for the account itself.
 */
export function canReadDocument(actor: Actor | null, owner: DocumentOwner, slot: DocumentSlot): Decision {
  switch (owner.type) {
    case 'Organization':
      return BANK_SLOTS.has(slot)
        ? canSeeBankAccount(actor, owner.org, owner.funds)
        : canReadOrganization(actor, owner.org);
    case 'Application':
      return canReadApplication(actor, owner.app);
    case 'Report':
      return canReadAward(actor, owner.award);
  }
}

/**
 * Who uploads into and attaches to a slot, and when: the owner's own rule for changing it (an
 * application only while it can be edited, a report only while it takes a submission); decision
 * evidence by the secretariat that may take the decision.
 */
export function canAttachDocument(actor: Actor | null, owner: DocumentOwner, slot: DocumentSlot): RuleDecision {
  switch (owner.type) {
    case 'Organization':
      if (slot === DocumentSlot.VETTING_EVIDENCE) return canVetOrganization(actor, owner.org, owner.funds);
      if (slot === DocumentSlot.BANK_CONFIRMATION_EVIDENCE) return canConfirmBankAccount(actor, owner.org, owner.funds);
      if (slot === DocumentSlot.ORGANIZATION_BANK_LETTER) return canSetBankAccount(actor, owner.org, owner.funds);
      return canEditOrganization(actor, owner.org, owner.funds);
    case 'Application':
      return canEditApplication(actor, owner.app);
    case 'Report':
      return canSubmitReportNow(actor, owner.report, owner.award);
  }
}
