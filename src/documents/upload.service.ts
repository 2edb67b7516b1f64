import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { auditActor, recordAudit } from '../audit/audit.service';
import { DomainError } from '../core/errors';
import { newId } from '../core/ids';
import { BadInputError } from '../graphql/errors';
import { globalId } from '../graphql/relay';
import type { Acting } from '../services';
import { Document, DocumentStatus } from './document.entity';
import { ownerForSlot } from './document-owner';
import { canAttachDocument, type DocumentOwner } from './document.policy';
import { lockOwnerUploads, ownerUsage } from './document.repository';
import { DocumentSlot, FILE_TYPES, REQUIREMENT_NAME, SLOTS } from './document-slots';
import { sanitizeFileName } from './file-name';
import { scanFile } from './scan';
import { sniffFile } from './sniff';

/** An upload refused: the HTTP status and code the route answers with; nothing of it is kept. */
export class UploadRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly documentId: string | null = null,
  ) {
    super(message);
    this.name = 'UploadRefused';
  }
}

export interface UploadFields {
  slot?: string;
  ownerId?: string;
  requirement?: string;
}

export interface UploadResult {
  id: string;
  slot: DocumentSlot;
  ownerId: string;
  requirement: string | null;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** The slot, owner and requirement named by the form, checked, and whether the caller may upload there. */
export async function prepareUpload(
  ctx: Acting,
  fields: UploadFields,
): Promise<{ owner: DocumentOwner; slot: DocumentSlot; requirement: string | null; cap: number; capBy: string }> {
  const slot = fields.slot as DocumentSlot;
  if (!fields.slot || !Object.values(DocumentSlot).includes(slot)) {
    throw new UploadRefused(400, 'BAD_USER_INPUT', 'Field "slot" must name a DocumentSlot and come before the file.');
  }
  if (!fields.ownerId) {
    throw new UploadRefused(400, 'BAD_USER_INPUT', 'Field "ownerId" (a global id) must come before the file.');
  }
  const requirement = fields.requirement || null;
  if (slot === DocumentSlot.APPLICATION_CALL_DOCUMENT) {
    if (!requirement || !REQUIREMENT_NAME.test(requirement)) {
      throw new UploadRefused(400, 'BAD_USER_INPUT', 'Field "requirement" names the call\'s required document.');
    }
  } else if (requirement) {
    throw new UploadRefused(400, 'BAD_USER_INPUT', `Slot ${slot} takes no "requirement".`);
  }
  let owner: DocumentOwner;
  try {
    owner = await ownerForSlot(ctx.em, slot, fields.ownerId);
  } catch (e) {
    if (e instanceof BadInputError) throw new UploadRefused(400, 'BAD_USER_INPUT', e.message);
    if (e instanceof DomainError) throw new UploadRefused(404, 'NOT_FOUND', e.message);
    throw e;
  }
  const decision = canAttachDocument(ctx.actor, owner, slot);
  if (!decision.allowed) {
    throw decision.code
      ? new UploadRefused(409, decision.code, decision.reason ?? 'Not now.')
      : new UploadRefused(403, 'FORBIDDEN', decision.reason ?? 'Forbidden.');
  }
  const { UPLOAD_MAX_FILE_BYTES: perFile, UPLOAD_MAX_OWNER_BYTES: perOwner } = ctx.app.config;
  const left = perOwner - (await ownerUsage(ctx.em, owner.id));
  return left < perFile
    ? { owner, slot, requirement, cap: left, capBy: 'owner' }
    : { owner, slot, requirement, cap: perFile, capBy: 'file' };
}

const tooLarge = (capBy: string, cap: number) =>
  capBy === 'owner'
    ? new UploadRefused(413, 'OWNER_QUOTA_EXCEEDED', `This would exceed the owner's storage limit (${cap} bytes left).`)
    : new UploadRefused(413, 'FILE_TOO_LARGE', `A file may have at most ${cap} bytes.`);

/** Counts and hashes the bytes as they pass; fails the stream the moment the cap is crossed. */
function meter(cap: number, capBy: string) {
  const hash = createHash('sha256');
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > cap) return done(tooLarge(capBy, cap));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  return { stream, result: () => ({ size, sha256: hash.digest('hex') }) };
}

/**
 * Receives one file for a checked slot: streams it to a temporary file (refused the moment it
 * passes its limit), decides its type from its bytes, runs the scanning hook, stores it (quarantined
 * when the hook refuses it) and records it, all or nothing. The temporary file never outlives the call.
 */
export async function receiveUpload(
  ctx: Acting,
  prepared: Awaited<ReturnType<typeof prepareUpload>>,
  file: Readable,
  clientName: string | undefined,
): Promise<UploadResult> {
  const { config, storage } = ctx.app;
  const { owner, slot, requirement, cap, capBy } = prepared;
  if (cap <= 0) throw tooLarge(capBy, 0);
  await mkdir(config.UPLOAD_TMP_DIR, { recursive: true });
  const temp = path.join(config.UPLOAD_TMP_DIR, randomUUID());
  try {
    const m = meter(cap, capBy);
    await pipeline(file, m.stream, createWriteStream(temp, { flags: 'wx' }));
    const { size, sha256 } = m.result();
    const sniffed = await sniffFile(temp);
    if (!sniffed.kind || !SLOTS[slot].accepts.includes(sniffed.kind)) {
      throw new UploadRefused(
        415,
        'UNSUPPORTED_FILE_TYPE',
        `The file's content is ${sniffed.detected}; ${slot} accepts ${SLOTS[slot].accepts.join(', ')}.`,
      );
    }
    const scan = await scanFile(config.UPLOAD_SCAN_COMMAND, temp, config.UPLOAD_SCAN_TIMEOUT_SECONDS);
    const id = newId();
    const doc = Object.assign(new Document(), {
      id,
      ownerType: owner.type,
      ownerId: owner.id,
      slot,
      requirement,
      fileName: sanitizeFileName(clientName, sniffed.kind),
      contentType: FILE_TYPES[sniffed.kind],
      size,
      sha256,
      storageKey: `${scan.clean ? 'documents' : 'quarantine'}/${id}`,
      status: scan.clean ? DocumentStatus.UPLOADED : DocumentStatus.QUARANTINED,
      uploadedById: ctx.actor.userId,
      scanOutput: scan.clean ? null : scan.output,
    });
    await storage.put(doc.storageKey, temp, { size, contentType: doc.contentType });
    try {
      await ctx.em.fork().transactional(async (tx) => {
        await lockOwnerUploads(tx, owner.id);
        // Checked again under the owner's lock: uploads racing in parallel cannot pass the limit together.
        if ((await ownerUsage(tx, owner.id)) + size > config.UPLOAD_MAX_OWNER_BYTES) {
          throw new UploadRefused(413, 'OWNER_QUOTA_EXCEEDED', "This would exceed the owner's storage limit.");
        }
        tx.persist(doc);
        await tx.flush();
        if (!scan.clean) {
          await recordAudit(tx, auditActor(ctx, 'SELF'), {
            action: 'document.quarantine',
            entityType: owner.type,
            entityId: owner.id,
            after: { documentId: id, slot, fileName: doc.fileName, size, sha256 },
          });
        }
      });
    } catch (e) {
      await storage.delete(doc.storageKey).catch(() => undefined);
      throw e;
    }
    if (!scan.clean) {
      ctx.log.warn({ documentId: id, scan: scan.output }, 'upload quarantined by the scanning hook');
      throw new UploadRefused(
        422,
        'UPLOAD_QUARANTINED',
        'The scanning hook refused this file; it is quarantined and cannot be attached.',
        globalId('Document', id),
      );
    }
    return {
      id: globalId('Document', id),
      slot,
      ownerId: globalId(owner.type, owner.id),
      requirement,
      fileName: doc.fileName,
      contentType: doc.contentType,
      size,
      sha256,
    };
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}
