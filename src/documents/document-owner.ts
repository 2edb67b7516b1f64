import type { EntityManager } from '@mikro-orm/postgresql';
import { Application } from '../applications/application.entity';
import { DomainError, ErrorCode } from '../core/errors';
import { parseGlobalId, globalId } from '../graphql/relay';
import { Organization } from '../organizations/organization.entity';
import { fundsOfOrganization } from '../organizations/organization.repository';
import { Report } from '../reports/report.entity';
import type { DocumentOwner } from './document.policy';
import { type DocumentSlot, type OwnerType, SLOTS } from './document-slots';

/** Loads the owner a document belongs to by its database id; null when it is gone. */
export async function loadOwner(em: EntityManager, type: OwnerType, id: string): Promise<DocumentOwner | null> {
  switch (type) {
    case 'Organization': {
      const org = await em.findOne(Organization, { id });
      return org ? { type, id, org, funds: await fundsOfOrganization(em, id) } : null;
    }
    case 'Application': {
      const app = await em.findOne(Application, { id });
      return app ? { type, id, app } : null;
    }
    case 'Report': {
      const report = await em.findOne(Report, { id }, { populate: ['award'] });
      return report ? { type, id, report, award: report.award } : null;
    }
  }
}

/** The owner a slot names, by its global id (which must be of the slot's owner type); NOT_FOUND else. */
export async function ownerForSlot(
  em: EntityManager,
  slot: DocumentSlot,
  ownerGid: string,
  field = 'ownerId',
): Promise<DocumentOwner> {
  const type = SLOTS[slot].owner;
  const { id } = parseGlobalId(ownerGid, type, field);
  const owner = await loadOwner(em, type, id);
  if (!owner) throw new DomainError(ErrorCode.NOT_FOUND, `${type} not found.`, field);
  return owner;
}

export const ownerGlobalId = (type: OwnerType, id: string): string => globalId(type, id);
