import { toGlobalId } from 'graphql-relay';
import { startTestApp, type TestApp } from '../helpers/app';

/**
 * Regressions found by the schema fuzzer: ids and cursors of the wrong form must be refused as bad
 * input before they reach PostgreSQL (where they failed as INTERNAL_SERVER_ERROR).
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

const cursor = (key: string) => Buffer.from(`c:${key}`, 'utf8').toString('base64url');
const UUID = '0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b';

function codes(r: { errors?: { extensions?: Record<string, any> }[] }): string[] {
  return (r.errors ?? []).map((e) => String(e.extensions?.code));
}

describe('ids and cursors of the wrong form', () => {
  it('refuses an AuditEvent global id holding a uuid (the audit trail is keyed by sequence)', async () => {
    const auditor = await app.as('AUDITOR');
    const r = await auditor.gql('query($id: ID!) { node(id: $id) { id } }', { id: toGlobalId('AuditEvent', UUID) });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses an AuditEvent sequence beyond the 64-bit range, as id and as cursor', async () => {
    const auditor = await app.as('AUDITOR');
    const big = '9999999999999999999';
    const byId = await auditor.gql('query($id: ID!) { node(id: $id) { id } }', { id: toGlobalId('AuditEvent', big) });
    expect(codes(byId)).toEqual(['BAD_USER_INPUT']);
    const page = await auditor.gql('query($a: String) { auditEvents(first: 1, after: $a) { totalCount } }', {
      a: cursor(big),
    });
    expect(codes(page)).toEqual(['BAD_USER_INPUT']);
    // The largest bigint is a valid (if absent) sequence.
    const max = await auditor.gql('query($id: ID!) { node(id: $id) { id } }', {
      id: toGlobalId('AuditEvent', '9223372036854775807'),
    });
    expect(max.errors).toBeUndefined();
    expect(max.data?.node).toBeNull();
  });

  it('refuses a numeric id for a uuid-keyed type through node, fund and getByGlobalId', async () => {
    const sec = await app.as('SECRETARIAT');
    const n = await sec.gql('query($id: ID!) { node(id: $id) { id } }', { id: toGlobalId('Fund', '42') });
    expect(codes(n)).toEqual(['BAD_USER_INPUT']);
    const f = await sec.gql('query($id: String) { fund(id: $id) { id } }', { id: toGlobalId('Fund', '42') });
    expect(codes(f)).toEqual(['BAD_USER_INPUT']);
    const m = await sec.gql(
      'mutation($i: GrantCallTransitionInput!) { openGrantCall(input: $i) { errors { code field } } }',
      { i: { callId: toGlobalId('GrantCall', '42') } },
    );
    expect(codes(m)).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses a forged page cursor that is not a uuid on every uuid-keyed list', async () => {
    const admin = await app.as('ADMIN');
    for (const list of ['funds', 'users', 'organizations', 'grantCalls', 'awards', 'pledges', 'contributions']) {
      const r = await admin.gql(`query($a: String) { ${list}(first: 1, after: $a) { totalCount } }`, {
        a: cursor("'; select 1 --"),
      });
      expect([list, codes(r)]).toEqual([list, ['BAD_USER_INPUT']]);
    }
  });
});

describe('policy before configuration', () => {
  it('refuses a refund to a donor as FORBIDDEN even on a server without card payments', async () => {
    const sec = await app.as('SECRETARIAT');
    const donor = await app.as('DONOR');
    const [fund] = await app.sql<{ id: string }>(`select id from fund where code = 'UNVTF'`);
    const [org] = await app.sql<{ id: string }>(`select id from organization where kind = 'DONOR' limit 1`);
    const wire = await sec.gql(
      `mutation($i: RecordWireContributionInput!) { recordWireContribution(input: $i) { contribution { id } errors { code } } }`,
      {
        i: {
          fundId: toGlobalId('Fund', fund!.id),
          donorOrganizationId: toGlobalId('Organization', org!.id),
          amount: '10.00',
          currency: 'USD',
          valueDate: '2026-11-02',
          bankReference: `FT-POLICY-${Date.now()}`,
        },
      },
    );
    expect(wire.data?.recordWireContribution.errors).toEqual([]);
    const contributionId = wire.data?.recordWireContribution.contribution.id as string;
    const refund = `mutation($i: RefundCardContributionInput!) { refundCardContribution(input: $i) { errors { code } } }`;
    const i = { contributionId, idempotencyKey: 'refund-policy-0001', reason: 'Donor asked for it' };
    expect(codes(await donor.gql(refund, { i }))).toEqual(['FORBIDDEN']);
    // The secretariat, who may refund, is told why it cannot here.
    const r = await sec.gql(refund, { i });
    expect(r.data?.refundCardContribution.errors).toEqual([{ code: 'PAYMENTS_NOT_CONFIGURED' }]);
  });
});
