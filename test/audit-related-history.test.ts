import { Role } from '../src/users/user.entity';
import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import {
  makeAward,
  reportOp,
  secondSecretariat,
  submission,
  trancheOp,
  wire,
  type AwardInfo,
} from './helpers/post-award';

let app: TestApp;
let auditor: GqlClient;
let first: AwardInfo;
let other: AwardInfo;
const today = () => new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  app = await startTestApp();
  auditor = await app.as(Role.AUDITOR);
  const sec = await app.as(Role.SECRETARIAT);
  const sec2 = await secondSecretariat(app);
  const ngo = await app.as(Role.NGO);
  await wire(app, '1000000.00');
  first = await makeAward(app, '35000.00');
  other = await makeAward(app, '20000.00');
  const t1 = first.tranches[0].id;
  expect((await trancheOp(sec, 'requestTranche', { trancheId: t1 })).errors).toEqual([]);
  expect((await trancheOp(sec2, 'approveTranche', { trancheId: t1 })).errors).toEqual([]);
  const paid = await trancheOp(sec2, 'recordTranchePayment', {
    trancheId: t1,
    reference: 'FT-HISTORY-1',
    valueDate: today(),
  });
  expect(paid.errors).toEqual([]);
  const interim = first.tranches[1].condition?.id ?? first.reports[0].id;
  expect((await reportOp(ngo, 'submitReport', submission(interim))).errors).toEqual([]);
  // Activity on the other award must not leak into the first one's history.
  expect((await trancheOp(sec, 'requestTranche', { trancheId: other.tranches[0].id })).errors).toEqual([]);
});
afterAll(() => app.stop());

const HISTORY = `query H($id: ID!, $related: Boolean!, $first: Int, $after: String) {
  history(entityId: $id, includeRelated: $related, first: $first, after: $after) {
    totalCount edges { cursor node { sequence action entityType entityGlobalId } } pageInfo { hasNextPage endCursor }
  }
}`;

interface Ev {
  sequence: string;
  action: string;
  entityType: string;
  entityGlobalId: string;
}

async function history(client: GqlClient, id: string, related: boolean, pageSize = 3) {
  const seen: Ev[] = [];
  let after: string | null = null;
  let total = 0;
  for (let i = 0; i < 200; i++) {
    const data: Record<string, any> = expectNoErrors(
      await client.gql(HISTORY, { id, related, first: pageSize, after }),
    );
    const conn = data.history;
    total = conn.totalCount;
    seen.push(...conn.edges.map((e: { node: Ev }) => e.node));
    if (!conn.pageInfo.hasNextPage) return { events: seen, total };
    after = conn.pageInfo.endCursor;
  }
  throw new Error('pagination did not end');
}

describe('history(entityId, includeRelated)', () => {
  it("an award's history includes its tranches' and reports' events, in sequence order, page by page", async () => {
    const own = await history(auditor, first.awardId, false);
    expect(new Set(own.events.map((e) => e.entityType))).toEqual(new Set(['Award']));

    const all = await history(auditor, first.awardId, true);
    expect(all.total).toBe(all.events.length);
    const seqs = all.events.map((e) => BigInt(e.sequence));
    expect([...seqs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);
    const ids = new Set(all.events.map((e) => e.entityGlobalId));
    expect(ids).toContain(first.awardId);
    expect(ids).toContain(first.tranches[0].id);
    const types = all.events.map((e) => e.entityType);
    expect(types).toEqual(expect.arrayContaining(['Award', 'Tranche', 'Report']));
    const trancheActions = all.events.filter((e) => e.entityType === 'Tranche').map((e) => e.action);
    expect(trancheActions.length).toBeGreaterThanOrEqual(3); // requested, approved, paid
    expect(all.events.length).toBeGreaterThan(own.events.length);
    // Nothing of the other award.
    const otherIds = new Set([other.awardId, ...other.tranches.map((t) => t.id), ...other.reports.map((r) => r.id)]);
    expect(all.events.filter((e) => otherIds.has(e.entityGlobalId))).toEqual([]);
  });

  it("an application's history includes its reviews, votes and award with its tranches", async () => {
    const all = await history(auditor, first.applicationId, true, 50);
    const types = new Set(all.events.map((e) => e.entityType));
    for (const t of ['Application', 'Review', 'BoardVote', 'Award', 'Tranche', 'Report']) expect(types).toContain(t);
    expect(all.events.some((e) => e.entityGlobalId === other.awardId)).toBe(false);
  });

  it("an organisation's history includes its applications and awards", async () => {
    const ngo = await app.as(Role.NGO);
    const orgId = expectNoErrors(await ngo.gql('{ organizations { edges { node { id } } } }')).organizations.edges[0]
      .node.id as string;
    const all = await history(auditor, orgId, true, 100);
    const ids = new Set(all.events.map((e) => e.entityGlobalId));
    for (const id of [first.awardId, other.awardId, first.applicationId, first.tranches[0].id])
      expect(ids).toContain(id);
  });

  it('is refused to everyone but auditors and administrators, with or without related events', async () => {
    for (const role of [Role.NGO, Role.DONOR, Role.SECRETARIAT, Role.BOARD_MEMBER]) {
      const c = await app.as(role);
      const r = await c.gql(HISTORY, { id: first.awardId, related: true, first: 5 });
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(r.data?.history ?? null).toBeNull();
    }
    const admin = await app.as(Role.ADMIN);
    expect(
      expectNoErrors(await admin.gql(HISTORY, { id: first.awardId, related: true, first: 5 })).history.totalCount,
    ).toBe((await history(auditor, first.awardId, true)).total);
  });
});
