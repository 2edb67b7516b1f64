import type { EntityManager } from '@mikro-orm/postgresql';
import { DocumentSlot, REQUIREMENT_SLOTS } from './document-slots';

/** The requirement an attached application document fulfils: PROPOSAL, BUDGET or the call's own name. */
export function requirementOf(slot: DocumentSlot, requirement: string | null): string | null {
  const named = Object.entries(REQUIREMENT_SLOTS).find(([, s]) => s === slot)?.[0];
  if (named) return named;
  return slot === DocumentSlot.APPLICATION_CALL_DOCUMENT ? requirement : null;
}

/** Serialises the uploads of one owner (its size limit) until the transaction ends. */
export async function lockOwnerUploads(tx: EntityManager, ownerId: string): Promise<void> {
  await tx.execute(`select pg_advisory_xact_lock(hashtext('document-owner:' || ?))`, [ownerId]);
}

/** Bytes an owner holds: attached, waiting to be attached and quarantined files alike. */
export async function ownerUsage(em: EntityManager, ownerId: string): Promise<number> {
  const [row] = await em.execute<{ used: string }[]>(
    `select coalesce(sum(size), 0)::text as used from document where owner_id = ?`,
    [ownerId],
  );
  return Number(row?.used ?? 0);
}

/** The next version number of a slot (and requirement) of an owner. */
export async function nextVersion(
  tx: EntityManager,
  ownerId: string,
  slot: DocumentSlot,
  requirement: string | null,
): Promise<number> {
  const [row] = await tx.execute<{ v: number }[]>(
    `select coalesce(max(version), 0)::int + 1 as v from document
      where owner_id = ? and slot = ? and requirement is not distinct from ? and status = 'ATTACHED'`,
    [ownerId, slot, requirement],
  );
  return row?.v ?? 1;
}

/** Per application: the required-document names its attached documents fulfil. */
export async function attachedRequirements(
  em: EntityManager,
  applicationIds: readonly string[],
): Promise<Map<string, Set<string>>> {
  const out = new Map(applicationIds.map((id) => [id, new Set<string>()]));
  if (!applicationIds.length) return out;
  const rows = await em.execute<{ owner_id: string; slot: DocumentSlot; requirement: string | null }[]>(
    `select distinct owner_id, slot, requirement from document
      where owner_type = 'Application' and status = 'ATTACHED' and owner_id in (?)`,
    [[...applicationIds]],
  );
  for (const r of rows) {
    const name = requirementOf(r.slot, r.requirement);
    if (name) out.get(r.owner_id)?.add(name);
  }
  return out;
}

/** Whether a report has an attached document in a slot. */
export async function hasAttached(em: EntityManager, ownerId: string, slot: DocumentSlot): Promise<boolean> {
  const rows = await em.execute(
    `select 1 from document where owner_id = ? and slot = ? and status = 'ATTACHED' limit 1`,
    [ownerId, slot],
  );
  return rows.length > 0;
}

/** Uploads never attached and older than `before`: the orphans the cleanup job removes. */
export async function orphanedUploads(em: EntityManager, before: Date, limit = 500): Promise<string[]> {
  const rows = await em.execute<{ id: string }[]>(
    `select id from document where status = 'UPLOADED' and created_at < ? order by created_at limit ${limit}`,
    [before],
  );
  return rows.map((r) => r.id);
}
