import { isDeepStrictEqual } from 'node:util';
import type { EntityClass } from '@mikro-orm/core';
import { startTestApp, type TestApp } from './helpers/app';
import { draft, fundId, ok, openCall } from './helpers/grants';
import { Application } from '../src/applications/application.entity';
import { Organization } from '../src/organizations/organization.entity';
import { GrantCall } from '../src/calls/grant-call.entity';
import { viewsById } from '../src/db/view';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
  const sec = await app.as('SECRETARIAT');
  const ngo = await app.as('NGO');
  const call = await openCall(sec, await fundId(app));
  const submitted = await draft(ngo, call);
  await ok(ngo, 'submitApplication', 'ApplicationActionInput', { applicationId: submitted });
  await draft(ngo, await openCall(sec, await fundId(app)));
});
afterAll(() => app.stop());

/** Every persistent property of the view equals the managed entity's (relations by id). */
async function differences<T extends { id: string }>(entity: EntityClass<T>): Promise<string[]> {
  const em = app.orm.em.fork();
  const entities = (await em.find(entity, {})) as (T & Record<string, unknown>)[];
  expect(entities.length).toBeGreaterThan(0);
  const views = new Map(
    (
      await viewsById(
        em,
        entity,
        entities.map((e) => e.id),
      )
    ).map((v) => [v.id, v as T & Record<string, unknown>]),
  );
  const out: string[] = [];
  for (const e of entities) {
    const v = views.get(e.id)!;
    expect(v).toBeInstanceOf(entity);
    for (const p of em.getMetadata().get(entity.name).props) {
      if (p.persist === false || !p.fieldNames) continue;
      const id = (x: unknown) => (x && typeof x === 'object' && 'id' in x ? (x as { id: unknown }).id : x);
      const [a, b] = p.kind === 'scalar' ? [e[p.name], v[p.name]] : [id(e[p.name]), id(v[p.name])];
      if (!isDeepStrictEqual(a, b)) out.push(`${entity.name}.${p.name}: ${String(a)} != ${String(b)}`);
    }
    if ('nodeId' in e && e.nodeId !== v.nodeId) out.push(`${entity.name}.nodeId`);
  }
  return out;
}

describe('read-only views (src/db/view.ts)', () => {
  it('map every persistent property of applications (drafts and submitted) as the ORM hydrates it', async () => {
    expect(await differences(Application)).toEqual([]);
  });

  it('map organisations and calls (json, dates, enums, nulls) as the ORM hydrates them', async () => {
    expect(await differences(Organization)).toEqual([]);
    expect(await differences(GrantCall)).toEqual([]);
  });

  it('are not managed: the request entity manager stays empty and a flush writes nothing', async () => {
    const em = app.orm.em.fork();
    const [org] = await viewsById(em, Organization, [(await em.findAll(Organization, { limit: 1 }))[0]!.id]);
    em.clear();
    org!.legalName = 'changed on a view';
    await em.flush();
    expect(em.getUnitOfWork().getIdentityMap().values()).toHaveLength(0);
    const rows = await app.sql(`select count(*)::int as n from organization where legal_name = $1`, [
      'changed on a view',
    ]);
    expect(rows[0].n).toBe(0);
  });
});
