import { LockMode } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Clock } from '../core/clock';
import type { Storage } from '../storage';
import { Document, DocumentStatus } from './document.entity';
import { orphanedUploads } from './document.repository';

/** How long an upload may wait to be attached before the cleanup job removes it. */
export const ORPHAN_AFTER_MS = 86_400_000;

/**
 * Removes uploads never attached within a day: the row first (re-checked under its lock, so an
 * attach in flight wins), then the stored file. Quarantined files stay for the operator.
 */
export async function removeOrphanedUploads(
  orm: MikroORM,
  storage: Storage,
  clock: Clock,
  log: Logger,
): Promise<number> {
  const before = new Date(clock.now().getTime() - ORPHAN_AFTER_MS);
  let removed = 0;
  for (const id of await orphanedUploads(orm.em.fork(), before)) {
    const key = await orm.em.fork().transactional(async (tx) => {
      const doc = await tx.findOne(Document, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!doc || doc.status !== DocumentStatus.UPLOADED || doc.createdAt >= before) return null;
      tx.remove(doc);
      await tx.flush();
      return doc.storageKey;
    });
    if (!key) continue;
    await storage.delete(key).catch((err: unknown) => log.error({ err, key }, 'orphaned upload not deleted'));
    removed++;
  }
  return removed;
}
