import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit, type AuditActor } from '../audit/audit.service';
import type { Clock } from '../core/clock';
import { Organization } from '../organizations/organization.entity';
import { Membership } from '../users/user.entity';
import { nameScore, prepareName, type PreparedName } from './name-match';
import {
  SanctionsEntry,
  SanctionsEntryKind,
  SanctionsListImport,
  SanctionsMatch,
  SanctionsMatchStatus,
  SanctionsScreening,
  ScreenedSubject,
  ScreeningResult,
  ScreeningTrigger,
  type ListedName,
} from './sanctions.entity';
import { latestListImport } from './sanctions-import.service';

interface PreparedEntry {
  entry: Pick<SanctionsEntry, 'dataId' | 'kind' | 'name' | 'referenceNumber'>;
  names: { listed: ListedName; prepared: PreparedName }[];
}

// The list in force, prepared once per import (a list of ~1,000 entries and ~5,000 names).
let cache: { importId: string; entries: PreparedEntry[] } | null = null;

async function preparedList(em: EntityManager, listImport: SanctionsListImport): Promise<PreparedEntry[]> {
  if (cache?.importId === listImport.id) return cache.entries;
  const rows = await em.find(SanctionsEntry, { listImport }, { orderBy: { dataId: 'asc' } });
  const entries = rows.map((e) => ({
    entry: { dataId: e.dataId, kind: e.kind, name: e.name, referenceNumber: e.referenceNumber },
    names: e.names.map((listed) => ({ listed, prepared: prepareName(listed.name) })),
  }));
  cache = { importId: listImport.id, entries };
  return entries;
}

interface Subject {
  subject: ScreenedSubject;
  name: string;
}

/** The names screened: the legal name, every member of the organisation (its officers), the account holder. */
async function subjects(em: EntityManager, org: Organization): Promise<Subject[]> {
  const members = await em.find(Membership, { organization: org }, { populate: ['user'], orderBy: { id: 'asc' } });
  const list: Subject[] = [
    { subject: ScreenedSubject.LEGAL_NAME, name: org.legalName },
    ...members.map((m) => ({ subject: ScreenedSubject.OFFICER, name: m.user.displayName })),
  ];
  const holder = org.bankAccount?.accountHolder;
  if (holder) list.push({ subject: ScreenedSubject.ACCOUNT_HOLDER, name: holder });
  const seen = new Set<string>();
  return list.filter((s) => {
    const key = `${s.subject}:${s.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export interface ScreeningDeps {
  clock: Clock;
  threshold: number;
}

/**
 * Screens an organisation against the list in force inside `tx` and audits the result. A new
 * match starts POSSIBLE; a match already decided keeps its decision (the same name against the same
 * entry is one match).
 */
export async function screenOrganization(
  tx: EntityManager,
  deps: ScreeningDeps,
  actor: AuditActor,
  org: Organization,
  trigger: ScreeningTrigger,
): Promise<SanctionsScreening> {
  const listImport = await latestListImport(tx);
  const names = await subjects(tx, org);
  const found: SanctionsMatch[] = [];
  if (listImport) {
    const entries = await preparedList(tx, listImport);
    const existing = await tx.find(SanctionsMatch, { organization: org });
    for (const s of names) {
      const q = prepareName(s.name);
      for (const e of entries) {
        // A person's name is compared with listed individuals; organisation names with everything.
        if (s.subject === ScreenedSubject.OFFICER && e.entry.kind !== SanctionsEntryKind.INDIVIDUAL) continue;
        let best: { score: number; name: string } | null = null;
        for (const n of e.names) {
          const score = nameScore(q, n.prepared);
          if (score >= deps.threshold && (!best || score > best.score)) best = { score, name: n.listed.name };
        }
        if (!best) continue;
        let m = existing.find((x) => x.entryDataId === e.entry.dataId && x.screenedName === s.name);
        if (!m) {
          m = new SanctionsMatch(org, {
            subject: s.subject,
            screenedName: s.name,
            entryDataId: e.entry.dataId,
            referenceNumber: e.entry.referenceNumber,
            entryName: e.entry.name,
            matchedName: best.name,
            score: Math.round(best.score * 1000) / 1000,
          });
          tx.persist(m);
          existing.push(m);
        }
        found.push(m);
      }
    }
  }
  const result = !listImport
    ? ScreeningResult.NO_LIST
    : found.some((m) => m.status === SanctionsMatchStatus.CONFIRMED)
      ? ScreeningResult.CONFIRMED_MATCH
      : found.some((m) => m.status === SanctionsMatchStatus.POSSIBLE)
        ? ScreeningResult.POSSIBLE_MATCH
        : ScreeningResult.CLEAR;
  const screening = new SanctionsScreening(org, trigger, {
    result,
    screenedAt: deps.clock.now(),
    listImport,
    namesScreened: names.length,
    matchCount: found.length,
  });
  tx.persist(screening);
  await tx.flush();
  await recordAudit(tx, actor, {
    action: 'sanctions.screen',
    entityType: 'Organization',
    entityId: org.id,
    after: {
      trigger,
      result,
      listImportId: listImport?.id ?? null,
      listGeneratedOn: listImport?.generatedOn ?? null,
      namesScreened: names.length,
      threshold: deps.threshold,
      matches: found.map((m) => ({
        subject: m.subject,
        screenedName: m.screenedName,
        entryDataId: m.entryDataId,
        referenceNumber: m.referenceNumber,
        matchedName: m.matchedName,
        score: m.score,
        status: m.status,
      })),
    },
  });
  return screening;
}

/** Screens in its own transaction, so the result is kept even when the caller's operation is refused. */
export async function screenOrganizationById(
  em: EntityManager,
  deps: ScreeningDeps,
  actor: AuditActor,
  organizationId: string,
  trigger: ScreeningTrigger,
): Promise<SanctionsScreening | null> {
  return em.fork().transactional(async (tx) => {
    const org = await tx.findOne(Organization, { id: organizationId });
    return org ? screenOrganization(tx, deps, actor, org, trigger) : null;
  });
}

/** The matches that stop payments (POSSIBLE: undecided; CONFIRMED: for good), per organisation id. */
export async function blockingMatches(em: EntityManager, organizationIds: readonly string[]) {
  const rows = await em.find(
    SanctionsMatch,
    {
      organization: { $in: [...organizationIds] },
      status: { $in: [SanctionsMatchStatus.POSSIBLE, SanctionsMatchStatus.CONFIRMED] },
    },
    { orderBy: { id: 'asc' } },
  );
  return organizationIds.map((id) => rows.filter((m) => m.organization.id === id));
}

/** Why nothing can be paid to an organisation with these blocking matches; null when there are none. */
export function sanctionsHoldReason(matches: Pick<SanctionsMatch, 'status' | 'referenceNumber'>[]): string | null {
  const confirmed = matches.find((m) => m.status === SanctionsMatchStatus.CONFIRMED);
  if (confirmed) {
    return `The grantee is a confirmed match of sanctions list entry ${confirmed.referenceNumber}; nothing can be paid to it.`;
  }
  if (matches.length > 0) {
    return `The grantee has ${matches.length} possible sanctions-list match(es) that the secretariat must clear or confirm first.`;
  }
  return null;
}
