import { VerifyAuditTrailDocument } from './generated/graphql';
import { expectNoErrors, startTestApp, type TestApp } from './helpers/app';
import { draft, fundId, openCall } from './helpers/grants';

let app: TestApp;
let ngoOrgId: string;
const UPDATE = `mutation($i: UpdateOrganizationInput!) { updateOrganization(input: $i) { organization { legalName website } errors { code } } }`;

beforeAll(async () => {
  app = await startTestApp();
  const admin = await app.as('ADMIN');
  const orgs = expectNoErrors(await admin.gql('{ organizations(filter: { kind: NGO }) { edges { node { id } } } }'));
  ngoOrgId = orgs.organizations.edges[0].node.id;
  // The demo NGO applies to UNVTF, so UNVTF's secretariat may edit it (fund scope of staff powers).
  await draft(await app.as('NGO'), await openCall(await app.as('SECRETARIAT'), await fundId(app)));
});
afterAll(async () => {
  await app.stop();
});

async function events(action: string) {
  return app.sql(
    'select seq::int, actor_role, before, after, request_id from audit_event where action = $1 order by seq',
    [action],
  );
}

describe('audit trail core', () => {
  it('writes an event with the change: actor, role, before and after, request id', async () => {
    const sec = await app.as('SECRETARIAT');
    const r = await sec.gql(
      UPDATE,
      { i: { organizationId: ngoOrgId, website: 'https://safe-harbour.example' } },
      { 'x-request-id': 'req-audit-1' },
    );
    expect(expectNoErrors(r).updateOrganization.errors).toEqual([]);
    const [ev] = await events('organization.update');
    expect(ev).toMatchObject({
      actor_role: 'SECRETARIAT',
      before: { website: null },
      after: { website: 'https://safe-harbour.example' },
      request_id: 'req-audit-1',
    });
  });

  it('keeps neither the change nor its event when the commit fails after both were written', async () => {
    // A deferred trigger fails the transaction at COMMIT, after the change and its audit row are written.
    await app.sql(`create function fail_on_doomed() returns trigger language plpgsql as $$ begin
      if new.legal_name = 'Doomed' then raise exception 'doomed'; end if; return null; end $$`);
    await app.sql(
      `create constraint trigger org_doomed after update on organization deferrable initially deferred for each row execute function fail_on_doomed()`,
    );
    const ngo = await app.as('NGO');
    const before = await app.sql('select count(*)::int as n from audit_event');
    const r = await ngo.gql(UPDATE, { i: { organizationId: ngoOrgId, legalName: 'Doomed' } });
    expect(r.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(r.errors?.[0].message).toBe('Internal server error');
    expect(await app.sql('select count(*)::int as n from audit_event')).toEqual(before);
    expect(await app.sql("select count(*)::int as n from organization where legal_name = 'Doomed'")).toEqual([
      { n: 0 },
    ]);
    await app.sql('drop trigger org_doomed on organization');
  });

  it('keeps no change when its audit event cannot be written', async () => {
    await app.sql(`create function fail_audit() returns trigger language plpgsql as $$ begin
      if new.action = 'organization.update' then raise exception 'audit store down'; end if; return new; end $$`);
    await app.sql('create trigger audit_down before insert on audit_event for each row execute function fail_audit()');
    const ngo = await app.as('NGO');
    const r = await ngo.gql(UPDATE, { i: { organizationId: ngoOrgId, legalName: 'Unaudited Name' } });
    expect(r.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(await app.sql("select count(*)::int as n from organization where legal_name = 'Unaudited Name'")).toEqual([
      { n: 0 },
    ]);
    await app.sql('drop trigger audit_down on audit_event');
  });

  it('keeps one unbroken chain under 50 concurrent mutations', async () => {
    const clients = await Promise.all((['NGO', 'SECRETARIAT', 'ADMIN', 'AUDITOR'] as const).map((r) => app.as(r)));
    const before = (await app.sql('select max(seq)::int as m from audit_event'))[0].m as number;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        clients[i % 3].gql(UPDATE, { i: { organizationId: ngoOrgId, website: `https://example.org/${i}` } }),
      ),
    );
    for (const r of results) expect(expectNoErrors(r).updateOrganization.errors).toEqual([]);
    const seqs = (await app.sql('select seq::int from audit_event where seq > $1 order by seq', [before])).map(
      (r) => r.seq,
    );
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => before + 1 + i));
    const v = expectNoErrors(await (await app.as('AUDITOR')).gql(VerifyAuditTrailDocument)).verifyAuditTrail;
    expect(v).toEqual({ ok: true, checked: before + 50, firstBrokenSequence: null });
  });

  it.each([
    ['UPDATE', "update audit_event set action = 'x' where seq = 1"],
    ['DELETE', 'delete from audit_event where seq = 1'],
    ['TRUNCATE', 'truncate audit_event'],
  ])('is append-only in the database: %s is rejected', async (_op, statement) => {
    await expect(app.sql(statement)).rejects.toThrow(/append-only/);
  });

  it('names the exact tampered event in verifyAuditTrail', async () => {
    const auditor = await app.as('AUDITOR');
    const [{ n }] = await app.sql('select count(*)::int as n from audit_event');
    const target = Math.floor(n / 2);
    await app.sql('alter table audit_event disable trigger audit_event_no_update_delete');
    await app.sql(`update audit_event set after = '{"legalName":"Forged"}' where seq = $1`, [target]);
    await app.sql('alter table audit_event enable trigger audit_event_no_update_delete');
    const v = expectNoErrors(await auditor.gql(VerifyAuditTrailDocument)).verifyAuditTrail;
    expect(v).toEqual({ ok: false, checked: target - 1, firstBrokenSequence: String(target) });
  });
});
