import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit, type AuditActor } from '../audit/audit.service';
import type { Clock } from '../core/clock';
import { SanctionsEntry, SanctionsEntryKind, SanctionsListImport } from './sanctions.entity';
import { parseConsolidatedList } from './sanctions-list';

/** Reads the list from a file path or an http(s) URL. */
export async function readListSource(source: string): Promise<string> {
  if (/^https?:\/\//i.test(source)) {
    const res = await fetch(source, { signal: AbortSignal.timeout(120_000) });
    if (!res.ok) throw new Error(`Fetching the sanctions list from ${source} answered HTTP ${res.status}.`);
    return res.text();
  }
  return readFile(source.replace(/^file:\/\//i, ''), 'utf8');
}

export interface ImportOutcome {
  listImport: SanctionsListImport;
  /** false: the same file was already the list in force; nothing changed. */
  changed: boolean;
}

export async function latestListImport(em: EntityManager): Promise<SanctionsListImport | null> {
  const [last] = await em.find(SanctionsListImport, {}, { orderBy: { importedAt: 'desc', id: 'desc' }, limit: 1 });
  return last ?? null;
}

/**
 * Replaces the list in force with `xml`, in one transaction, audited. An unparsable document
 * changes nothing; the same file twice is a no-op.
 */
export async function importSanctionsList(
  em: EntityManager,
  clock: Clock,
  actor: AuditActor,
  source: string,
  xml: string,
  onProgress?: (stored: number, total: number) => void,
): Promise<ImportOutcome> {
  const parsed = parseConsolidatedList(xml);
  const sha256 = createHash('sha256').update(xml).digest('hex');
  return em.transactional(async (tx) => {
    // One import at a time.
    await tx.execute('select pg_advisory_xact_lock(?)', [7_240_101]);
    const last = await latestListImport(tx);
    if (last?.sha256 === sha256) return { listImport: last, changed: false };
    const count = (k: SanctionsEntryKind) => parsed.entries.filter((e) => e.kind === k).length;
    const listImport = new SanctionsListImport(
      source,
      parsed.generatedOn,
      clock.now(),
      count(SanctionsEntryKind.INDIVIDUAL),
      count(SanctionsEntryKind.ENTITY),
      sha256,
    );
    tx.persist(listImport);
    await tx.flush();
    await tx.nativeDelete(SanctionsEntry, {});
    for (let i = 0; i < parsed.entries.length; i += 500) {
      parsed.entries.slice(i, i + 500).forEach((e) => tx.persist(new SanctionsEntry(listImport, e)));
      await tx.flush();
      onProgress?.(Math.min(i + 500, parsed.entries.length), parsed.entries.length);
    }
    await recordAudit(tx, actor, {
      action: 'sanctions.import',
      entityType: 'SanctionsListImport',
      entityId: listImport.id,
      before: last ? { generatedOn: last.generatedOn, sha256: last.sha256 } : null,
      after: {
        source,
        generatedOn: listImport.generatedOn,
        individuals: listImport.individuals,
        entities: listImport.entities,
        sha256,
      },
    });
    return { listImport, changed: true };
  });
}

/** Imports from a path or URL (CLI and the scheduled job). */
export async function importSanctionsFrom(
  em: EntityManager,
  clock: Clock,
  actor: AuditActor,
  source: string,
  onProgress?: (stored: number, total: number) => void,
): Promise<ImportOutcome> {
  return importSanctionsList(em, clock, actor, source, await readListSource(source), onProgress);
}
