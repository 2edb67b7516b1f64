import type { EntityManager } from '@mikro-orm/postgresql';

/** The funds an organisation deals with, which decide which fund staff hold powers over it. */
export interface OrganizationFunds {
  /** Funds it applied to (drafts included), holds awards in, or (donors) pledged or gave to. */
  engaged: string[];
  /** Funds it holds an award in. */
  awarded: string[];
}

export const NO_FUNDS: OrganizationFunds = { engaged: [], awarded: [] };

/** One statement for any number of organisations (a DataLoader batch or one service call). */
export async function fundsOfOrganizations(
  em: EntityManager,
  organizationIds: readonly string[],
): Promise<Map<string, OrganizationFunds>> {
  const rows = await em.execute<{ id: string; engaged: string[] | null; awarded: string[] | null }[]>(
    `select o.id,
       array(select fund_id from application where organization_id = o.id
             union select fund_id from award where organization_id = o.id
             union select fund_id from pledge where donor_organization_id = o.id
             union select fund_id from contribution where donor_organization_id = o.id) as engaged,
       array(select distinct fund_id from award where organization_id = o.id) as awarded
     from organization o where o.id = any(?::uuid[])`,
    [`{${organizationIds.join(',')}}`],
  );
  return new Map(rows.map((r) => [r.id, { engaged: r.engaged ?? [], awarded: r.awarded ?? [] }]));
}

export async function fundsOfOrganization(em: EntityManager, organizationId: string): Promise<OrganizationFunds> {
  return (await fundsOfOrganizations(em, [organizationId])).get(organizationId) ?? NO_FUNDS;
}
