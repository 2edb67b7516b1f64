import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { enforce } from '../auth/enforce';
import { auditActor, recordAudit } from '../audit/audit.service';
import { GrantCall } from '../calls/grant-call.entity';
import { DomainError, ErrorCode } from '../core/errors';
import { parseGlobalId } from '../graphql/relay';
import type { Acting } from '../services';
import { Document, DocumentStatus } from './document.entity';
import { loadOwner, ownerForSlot } from './document-owner';
import { canAttachDocument, canReadDocument, type DocumentOwner } from './document.policy';
import { nextVersion } from './document.repository';
import { BANK_SLOTS, DocumentSlot, type OwnerType } from './document-slots';
import type { AttachDocumentInput } from './document.types';

/** The fund an owner belongs to, for the audit event (an organisation belongs to none). */
export function fundOf(owner: DocumentOwner): string | null {
  if (owner.type === 'Application') return owner.app.fund.id;
  if (owner.type === 'Report') return owner.award.fund.id;
  return null;
}

/**
 * Attaches the caller's upload to the slot and owner it was uploaded for. The file's SHA-256, size
 * and name go into the audit event of the attach, in the same transaction: the audit chain proves
 * which exact file was attached. A repeat answers the document unchanged.
 */
export async function attachDocument(ctx: Acting, input: AttachDocumentInput): Promise<{ document: Document }> {
  return ctx.em.transactional(async (tx) => {
    const { id } = parseGlobalId(input.documentId, 'Document', 'documentId');
    const doc = await tx.findOne(Document, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    // Someone else's upload is as good as absent.
    if (!doc || doc.uploadedById !== ctx.actor.userId) {
      throw new DomainError(ErrorCode.NOT_FOUND, 'No upload with this id.', 'documentId');
    }
    const owner = await ownerForSlot(tx, input.slot, input.ownerId);
    if (doc.slot !== input.slot || doc.ownerId !== owner.id || doc.requirement !== (input.requirement ?? null)) {
      throw new DomainError(
        ErrorCode.INVALID_VALUE,
        `This file was uploaded for ${doc.slot}${doc.requirement ? ` (${doc.requirement})` : ''} of another owner or slot; upload it again for this one.`,
        'slot',
      );
    }
    if (doc.status === DocumentStatus.QUARANTINED) {
      throw new DomainError(ErrorCode.UPLOAD_QUARANTINED, 'The scanning hook quarantined this file.', 'documentId');
    }
    if (doc.status === DocumentStatus.ATTACHED) return { document: doc };
    const role = enforce(canAttachDocument(ctx.actor, owner, doc.slot));
    if (owner.type === 'Application' && doc.slot === DocumentSlot.APPLICATION_CALL_DOCUMENT) {
      const call = await tx.findOneOrFail(GrantCall, { id: owner.app.call.id });
      if (!doc.requirement || !call.requiredDocuments.includes(doc.requirement)) {
        throw new DomainError(
          ErrorCode.INVALID_VALUE,
          `The call does not ask for "${doc.requirement}"; it asks for ${call.requiredDocuments.join(', ') || 'nothing'}.`,
          'requirement',
        );
      }
    }
    // A row without its stored bytes is a bug (or a storage outage): never attach it.
    if (!(await ctx.app.storage.has(doc.storageKey))) throw new Error(`stored file ${doc.storageKey} is missing`);
    doc.version = await nextVersion(tx, owner.id, doc.slot, doc.requirement);
    doc.status = DocumentStatus.ATTACHED;
    doc.attachedAt = ctx.app.clock.now();
    doc.attachedById = ctx.actor.userId;
    await tx.flush();
    await recordAudit(tx, auditActor(ctx, role), {
      action: 'document.attach',
      entityType: owner.type,
      entityId: owner.id,
      fundId: fundOf(owner),
      after: {
        documentId: doc.id,
        slot: doc.slot,
        requirement: doc.requirement,
        version: doc.version,
        fileName: doc.fileName,
        contentType: doc.contentType,
        size: doc.size,
        sha256: doc.sha256,
      },
    });
    return { document: doc };
  });
}

/**
 * A document as a reader may find it (download, `node(id)`): attached, or the reader's own upload not
 * attached yet, with its owner; null for anything else (quarantined, someone else's upload, an owner
 * gone). Whether they may read it is then the owner's rule: `canReadDocument`.
 */
export async function findReadableDocument(
  em: EntityManager,
  actor: Actor | null,
  id: string,
): Promise<{ doc: Document; owner: DocumentOwner } | null> {
  const doc = await em.findOne(Document, { id });
  const visible =
    doc &&
    (doc.status === DocumentStatus.ATTACHED ||
      (doc.status === DocumentStatus.UPLOADED && !!actor && doc.uploadedById === actor.userId));
  const owner = visible ? await loadOwner(em, doc.ownerType, doc.ownerId) : null;
  return doc && owner ? { doc, owner } : null;
}

/**
 * The attached documents of an owner, every version, newest first within a slot: for whoever
 * reads the owner (FORBIDDEN else); bank documents only for who sees the bank account.
 */
export async function listDocuments(
  em: EntityManager,
  actor: Actor | null,
  ownerGid: string,
  slot?: DocumentSlot | null,
): Promise<Document[]> {
  const { type, id } = parseGlobalId(ownerGid, undefined, 'ownerId');
  if (!['Organization', 'Application', 'Report'].includes(type)) return [];
  const owner = await loadOwner(em, type as OwnerType, id);
  if (!owner) return [];
  const profile = Object.values(DocumentSlot).find((s) => !BANK_SLOTS.has(s)) as DocumentSlot;
  authorize(canReadDocument(actor, owner, profile));
  const docs = await em.find(
    Document,
    { ownerId: id, status: DocumentStatus.ATTACHED, ...(slot ? { slot } : {}) },
    { orderBy: { slot: 'asc', requirement: 'asc', version: 'desc' } },
  );
  const bank = docs.some((d) => BANK_SLOTS.has(d.slot))
    ? canReadDocument(actor, owner, DocumentSlot.ORGANIZATION_BANK_LETTER).allowed
    : false;
  return docs.filter((d) => !BANK_SLOTS.has(d.slot) || bank);
}
