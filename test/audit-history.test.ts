import { randomUUID } from 'node:crypto';
import { recordAudit, type AuditInput } from '../src/audit/audit.service';
import { auditEventWhere, auditPageQuery } from '../src/audit/audit-query';
import { globalId } from '../src/graphql/relay';
import { Role } from '../src/users/user.entity';
import { registerAndLogin } from './helpers/register';
import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

const EVENT_FIELDS = `sequence action actorRole actorId entityType entityId entityGlobalId before after
  actor { id email } hash prevHash`;

const HISTORY = `query History($id: ID!, $first: Int, $after: String) {
  history(entityId: $id, first: $first, after: $after) {
    totalCount edges { cursor node { ${EVENT_FIELDS} } } pageInfo { hasNextPage endCursor }
  }
}`;

interface Ev {
  sequence: string;
  action: string;
  actorRole: string;
  actorId: string | null;
  entityType: string;
  entityId: string;
  entityGlobalId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  actor: { id: string; email: string } | null;
}

async function allPages(client: GqlClient, query: string, vars: Record<string, unknown>, field: string) {
  const seen: Ev[] = [];
  let after: string | null = null;
  for (let i = 0; i < 1000; i++) {
    const data: Record<string, any> = expectNoErrors(await client.gql(query, { ...vars, after }));
    const conn: { edges: { node: Ev }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = data[field];
    seen.push(...conn.edges.map((e) => e.node));
    if (!conn.pageInfo.hasNextPage) return seen;
    after = conn.pageInfo.endCursor;
  }
  throw new Error('pagination did not end');
}

describe('history of an organisation', () => {
  let orgId: string;
  let ngoUserEmail: string;

  beforeAll(async () => {
    ngoUserEmail = `history-${randomUUID().slice(0, 8)}@ngo.example`;
    const reg = await registerAndLogin(app, {
      kind: 'NGO',
      legalName: 'Safe Harbour Initiative',
      country: 'ng',
      registrationNumber: 'RC-1',
      email: ngoUserEmail,
      displayName: 'Ngozi Founder',
      password: 'Tidal-Lantern-Marigold-77',
    });
    orgId = reg.orgId;
    const ngo = reg.client;
    const update = `mutation U($input: UpdateOrganizationInput!) {
      updateOrganization(input: $input) { errors { code message } }
    }`;
    const u1 = expectNoErrors(
      await ngo.gql(update, { input: { organizationId: orgId, legalName: 'Safe Harbour Initiative Nigeria' } }),
    ) as any;
    expect(u1.updateOrganization.errors).toEqual([]);
    const u2 = expectNoErrors(
      await ngo.gql(update, { input: { organizationId: orgId, countriesOfOperation: ['NG', 'BJ'] } }),
    ) as any;
    expect(u2.updateOrganization.errors).toEqual([]);
    const sec = await app.as(Role.SECRETARIAT);
    const vet = expectNoErrors(
      await sec.gql(
        `mutation V($input: VetOrganizationInput!) { vetOrganization(input: $input) { errors { code message } } }`,
        { input: { organizationId: orgId, status: 'VERIFIED', reason: 'Registration certificate checked.' } },
      ),
    ) as any;
    expect(vet.vetOrganization.errors).toEqual([]);
  });

  it('lists registration, both updates and the vetting in order, with actors and before/after', async () => {
    const auditor = await app.as(Role.AUDITOR);
    const events = await allPages(auditor, HISTORY, { id: orgId, first: 2 }, 'history');
    // Sanctions screening at registration and at vetting is recorded on the organisation too.
    expect(events.map((e) => e.action)).toEqual([
      'organization.register',
      'sanctions.screen',
      'organization.update',
      'organization.update',
      'organization.vet',
      'sanctions.screen',
    ]);
    const seqs = events.map((e) => BigInt(e.sequence));
    expect([...seqs].sort((a, b) => (a < b ? -1 : 1))).toEqual(seqs);
    for (const e of events) {
      expect(e.entityType).toBe('Organization');
      expect(e.entityGlobalId).toBe(orgId);
    }
    const [register, rename, countries, vet] = events.filter((e) => e.action !== 'sanctions.screen');
    expect(register.actorRole).toBe('NGO');
    expect(register.actor?.email).toBe(ngoUserEmail);
    expect(register.before).toBeNull();
    expect(register.after).toMatchObject({
      legalName: 'Safe Harbour Initiative',
      country: 'NG',
      vettingStatus: 'PENDING',
    });
    expect(rename.before).toEqual({ legalName: 'Safe Harbour Initiative' });
    expect(rename.after).toEqual({ legalName: 'Safe Harbour Initiative Nigeria' });
    expect(countries.after).toEqual({ countriesOfOperation: ['NG', 'BJ'] });
    expect(vet.actorRole).toBe('SECRETARIAT');
    expect(vet.actor?.email).toBe('secretariat@demo.vtf.example');
    expect(vet.before).toMatchObject({ vettingStatus: 'PENDING' });
    expect(vet.after).toMatchObject({ vettingStatus: 'VERIFIED', vettingReason: 'Registration certificate checked.' });
  });

  it('gives the same events through Organization.auditTrail and counts them', async () => {
    const admin = await app.as(Role.ADMIN);
    const data = expectNoErrors(
      await admin.gql(
        `query O($id: String!) { organization(id: $id) { auditTrail(first: 10) { totalCount edges { node { action } } } } }`,
        { id: orgId },
      ),
    ) as any;
    expect(data.organization.auditTrail.totalCount).toBe(6);
    expect(data.organization.auditTrail.edges.map((e: any) => e.node.action)).toEqual([
      'organization.register',
      'sanctions.screen',
      'organization.update',
      'organization.update',
      'organization.vet',
      'sanctions.screen',
    ]);
  });

  it('refuses history and auditTrail to the organisation itself and to every non-auditing role', async () => {
    for (const role of [Role.NGO, Role.DONOR, Role.SECRETARIAT, Role.BOARD_MEMBER]) {
      const c = await app.as(role);
      const h = await c.gql(HISTORY, { id: orgId });
      expect(h.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const list = await c.gql('{ auditEvents(first: 1) { edges { node { sequence } } } }');
      expect(list.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const cp = await c.gql('{ auditCheckpoint { sequence } }');
      expect(cp.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const v = await c.gql('{ verifyAuditTrail { ok } }');
      expect(v.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const sec = await app.as(Role.SECRETARIAT);
    const trail = await sec.gql(
      `query O($id: String!) { organization(id: $id) { legalName auditTrail { totalCount } } }`,
      { id: orgId },
    );
    expect(trail.data?.organization).toEqual({ legalName: 'Safe Harbour Initiative Nigeria', auditTrail: null });
    expect(trail.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await app.anonymous.gql(HISTORY, { id: orgId })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('rejects an id that is not a node id with BAD_USER_INPUT', async () => {
    const auditor = await app.as(Role.AUDITOR);
    const r = await auditor.gql(HISTORY, { id: 'not-a-global-id' });
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('signing key outside production', () => {
  it('signs checkpoints with an ephemeral key when AUDIT_SIGNING_KEY is unset, and says so', async () => {
    const auditor = await app.as(Role.AUDITOR);
    const data = expectNoErrors(
      await auditor.gql('{ auditSigningKey { keyId ephemeral } auditCheckpoint { keyId sequence } }'),
    ) as any;
    expect(data.auditSigningKey.ephemeral).toBe(true);
    expect(data.auditCheckpoint.keyId).toBe(data.auditSigningKey.keyId);
  });
});

describe('auditTrail on lists', () => {
  it('costs the same number of SQL statements for 2 organisations as for 8', async () => {
    const sec = await app.as(Role.SECRETARIAT);
    for (let i = 0; i < 8; i++) {
      expectNoErrors(
        await sec.gql(
          `mutation C($input: CreateOrganizationInput!) { createOrganization(input: $input) { errors { code } } }`,
          { input: { kind: 'DONOR', legalName: `Donor State ${i}`, country: 'NO' } },
        ),
      );
    }
    const auditor = await app.as(Role.AUDITOR);
    const knex = app.orm.em.getKnex();
    const statementsFor = async (n: number) => {
      let count = 0;
      const onQuery = () => (count += 1);
      knex.on('query', onQuery);
      try {
        const data = expectNoErrors(
          await auditor.gql(
            `query L($n: Int) { organizations(first: $n, filter: { kind: DONOR }) { edges { node { id
              auditTrail(first: 3) { totalCount edges { node { action actor { email } } } } } } } }`,
            { n },
          ),
        ) as any;
        expect(data.organizations.edges).toHaveLength(n);
        for (const e of data.organizations.edges) expect(e.node.auditTrail.totalCount).toBeGreaterThan(0);
      } finally {
        knex.removeListener('query', onQuery);
      }
      return count;
    };
    const two = await statementsFor(2);
    const eight = await statementsFor(8);
    expect(eight).toBe(two);
  });

  it('exposes the fund trail on Fund.auditTrail', async () => {
    const admin = await app.as(Role.ADMIN);
    const data = expectNoErrors(
      await admin.gql('{ fund(code: "UNVTF") { auditTrail { edges { node { action entityType } } } } }'),
    ) as any;
    expect(data.fund.auditTrail.edges.length).toBeGreaterThan(0);
    for (const e of data.fund.auditTrail.edges) expect(e.node.entityType).toBe('Fund');
  });
});

describe('auditEvents pagination over a large trail', () => {
  const TOTAL = 5000;
  const entities = Array.from({ length: 50 }, () => randomUUID());
  let fundId: string;
  let firstProbeSeq: bigint;

  beforeAll(async () => {
    const [fund] = await app.sql<{ id: string }>(`select id from fund where code = 'UNVTF'`);
    fundId = fund.id;
    const actor = { actorId: null, actorRole: 'system:test', requestId: null };
    for (let batch = 0; batch < TOTAL / 500; batch++) {
      const inputs: AuditInput[] = Array.from({ length: 500 }, (_, i) => {
        const n = batch * 500 + i;
        return {
          action: n % 20 === 0 ? 'probe.tick' : 'probe.tock',
          entityType: 'Probe',
          entityId: entities[n % entities.length],
          fundId: n % 10 === 0 ? fundId : null,
          after: { n },
        };
      });
      await app.orm.em.fork().transactional((tx) => recordAudit(tx, actor, inputs));
    }
    const [first] = await app.sql<{ seq: string }>(
      `select min(seq)::text as seq from audit_event where entity_type = 'Probe'`,
    );
    firstProbeSeq = BigInt(first.seq);
    await app.sql('analyze audit_event');
  }, 120_000);

  const LIST = `query L($filter: AuditEventFilter, $first: Int, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      edges { node { sequence entityId after } } pageInfo { hasNextPage endCursor }
    }
  }`;

  it('pages through 5,000 events with no duplicate and no gap', async () => {
    const auditor = await app.as(Role.AUDITOR);
    const events = await allPages(auditor, LIST, { filter: { entityType: 'Probe' }, first: 100 }, 'auditEvents');
    expect(events).toHaveLength(TOTAL);
    events.forEach((e, i) => {
      expect(BigInt(e.sequence)).toBe(firstProbeSeq + BigInt(i));
      expect(e.after).toEqual({ n: i });
    });
  }, 120_000);

  it('pages one entity by its global id, and stays exact while new events are appended', async () => {
    const auditor = await app.as(Role.AUDITOR);
    const target = entities[7];
    const expected = await app.sql<{ seq: string }>(
      `select seq::text as seq from audit_event where entity_type = 'Probe' and entity_id = $1 order by audit_event.seq`,
      [target],
    );
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const data = expectNoErrors(
        await auditor.gql(LIST, { filter: { entityId: globalId('Probe', target) }, first: 7, after }),
      ) as any;
      seen.push(...data.auditEvents.edges.map((e: any) => e.node.sequence));
      // A writer appends to the same entity between pages: it must show up once, at the end.
      if (seen.length === 14) {
        await app.orm.em.fork().transactional((tx) =>
          recordAudit(
            tx,
            { actorId: null, actorRole: 'system:test', requestId: null },
            {
              action: 'probe.late',
              entityType: 'Probe',
              entityId: target,
            },
          ),
        );
      }
      if (!data.auditEvents.pageInfo.hasNextPage) break;
      after = data.auditEvents.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(0, expected.length)).toEqual(expected.map((r) => r.seq));
    expect(seen).toHaveLength(expected.length + 1);
  });

  // Keyset pages are `seq > cursor order by seq limit n`: the plan must walk an index in `seq`
  // order (the primary key, or the filter's (column, seq) index when the value is selective),
  // so a page deep in millions of rows costs what the first page costs.
  it('serves a page 2,500 events deep by walking an index in sequence order, never a scan plus sort', async () => {
    const em = app.orm.em.fork();
    const deep = firstProbeSeq + 2_500n;
    const plans: Record<string, { where: Parameters<typeof auditEventWhere>[0]; index: RegExp }> = {
      unfiltered: { where: null, index: /Index Scan using audit_event_pkey/ },
      entity: {
        where: { entityId: globalId('Probe', entities[3]) },
        index: /Index Scan using audit_event_entity_type_entity_id_seq_index/,
      },
      fund: {
        where: { fundId: globalId('Fund', fundId) },
        index: /Index Scan using audit_event_(pkey|fund_id_seq_index)/,
      },
      action: {
        where: { action: 'probe.tick' },
        index: /Index Scan using audit_event_(pkey|action_seq_index)/,
      },
      rareAction: { where: { action: 'probe.late' }, index: /Index Scan using audit_event_action_seq_index/ },
    };
    for (const [name, { where, index }] of Object.entries(plans)) {
      const sql = auditPageQuery(em, auditEventWhere(where), deep, 21).getFormattedQuery();
      const plan = (await app.sql<{ 'QUERY PLAN': string }>(`explain ${sql}`)).map((r) => r['QUERY PLAN']).join('\n');
      const good = index.test(plan) && !/Seq Scan|Sort|Bitmap/.test(plan);
      expect({ name, plan: good ? 'index walk' : plan }).toEqual({ name, plan: 'index walk' });
    }
  });
});
