import type { EntityManager } from '@mikro-orm/postgresql';

/** The SQL that reads reviews; loaders call these by name (the board and its conflicts are in board.ts). */

/** The reviews of each application in id order, as rows for read-only views. */
export async function reviewRowsOfApplications(em: EntityManager, applicationIds: readonly string[]) {
  return em.execute<Record<string, unknown>[]>(`select * from review where application_id in (?) order by id`, [
    [...applicationIds],
  ]);
}
