import type { EntityManager } from '@mikro-orm/postgresql';

/** The SQL that reads reviews; loaders call these by name (the board and its conflicts are in board.ts). */

/** The reviews of each application in id order, as rows for read-only views. */
export async function reviewRowsOfApplications(em: EntityManager, applicationIds: readonly string[]) {
  return em.execute<Record<string, unknown>[]>(`select * from review where application_id in (?) order by id`, [
    [...applicationIds],
  ]);
}

/**
 * The declared conflicts (not the confirmations of none) on each application or on its
 * organisation, oldest first, as rows for read-only views with the application they concern.
 */
export async function conflictRowsOfApplications(em: EntityManager, applicationIds: readonly string[]) {
  return em.execute<(Record<string, unknown> & { for_application: string })[]>(
    `select d.*, a.id as for_application from conflict_declaration d
       join application a on d.application_id = a.id
         or (d.application_id is null and d.organization_id = a.organization_id)
      where a.id in (?) and d.has_conflict order by d.declared_at, d.id`,
    [[...applicationIds]],
  );
}
