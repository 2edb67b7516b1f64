import type { EntityManager } from '@mikro-orm/postgresql';

export interface TeamMemberRow {
  id: string;
  email: string;
  displayName: string;
  active: boolean;
  admin: boolean;
  joinedAt: Date;
}

/** The organisation's members (a membership with a live role grant on it), oldest first. */
export async function teamMembers(em: EntityManager, organizationId: string): Promise<TeamMemberRow[]> {
  const rows = await em.execute<
    { id: string; email: string; display_name: string; active: boolean; admin: boolean; joined_at: Date }[]
  >(
    `select u.id, u.email, u.display_name, u.active, m.created_at as joined_at,
            exists (select 1 from role_grant g where g.user_id = u.id and g.organization_id = m.organization_id
                      and g.role = 'ORG_ADMIN') as admin
       from membership m join app_user u on u.id = m.user_id
      where m.organization_id = ?
        and exists (select 1 from role_grant g where g.user_id = u.id and g.organization_id = m.organization_id)
      order by m.created_at, u.id`,
    [organizationId],
  );
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    active: r.active,
    admin: r.admin,
    joinedAt: new Date(r.joined_at),
  }));
}

/** Active users holding ORG_ADMIN on the organisation (the caller holds its row lock). */
export async function orgAdminCount(em: EntityManager, organizationId: string): Promise<number> {
  const [row] = await em.execute<{ n: number }[]>(
    `select count(distinct g.user_id)::int as n from role_grant g join app_user u on u.id = g.user_id
      where g.organization_id = ? and g.role = 'ORG_ADMIN' and u.active`,
    [organizationId],
  );
  return row?.n ?? 0;
}
