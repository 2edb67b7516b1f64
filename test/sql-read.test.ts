import 'reflect-metadata';
import pino from 'pino';
import { currencyDigits, formatMinor } from '../src/core/money';
import { decimalSql } from '../src/compiled-reads/registry';
import { startServer, type RunningApp } from '../src/server';
import { startTestApp, type GqlClient, type TestApp, type TestRole } from './helpers/app';
import { draft, fundId, ok, openCall } from './helpers/grants';
import { makeAward, wire } from './helpers/post-award';
import cc from 'currency-codes';

/**
 * The compiled nested reads (src/compiled-reads/) against the resolvers they stand in for:
 * the same server code on the same database with SQL_READS=0 answers every query here, as every
 * role, and the two responses must be equal: data, errors and their paths and codes.
 */

let app: TestApp;
let plain: RunningApp;
let plainUrl: string;
let otherFundId: string;
const uuidOf = (gid: string) => Buffer.from(gid, 'base64').toString('utf8').split(':')[1]!;

beforeAll(async () => {
  app = await startTestApp();
  // A second server on the same database and clock, resolvers only.
  plain = await startServer({
    config: { ...app.config, SQL_READS: '0', JOBS: '0' },
    orm: app.orm,
    log: pino({ level: 'silent' }),
    clock: app.clock,
    port: 0,
    host: '127.0.0.1',
  });
  plainUrl = `http://127.0.0.1:${plain.port}/graphql`;

  await wire(app, '500000.00');
  const award = await makeAward(app, '35000.00');
  // One tranche paid, with its reference; the award's call gets submitted, draft and rejected neighbours.
  await app.sql(
    `update tranche set status = 'PAID', paid_minor = planned_minor, paid_on = '2026-11-20', payment_reference = 'FT-1'
      where id = $1`,
    [uuidOf(award.tranches[0]!.id)],
  );
  const sec = await app.as('SECRETARIAT');
  const ngo = await app.as('NGO');
  const callId = await openCall(sec, await fundId(app));
  const submitted = await draft(ngo, callId, '12345.67');
  await ok(ngo, 'submitApplication', 'ApplicationActionInput', { applicationId: submitted });
  await draft(ngo, await openCall(sec, await fundId(app)));
  await app.sql(
    `with orgs as (
       insert into organization (id, kind, legal_name, country, countries_of_operation, vetting_status)
       select gen_random_uuid(), 'NGO', 'Neighbour ' || g, 'KE', '["KE","UG"]', 'VERIFIED' from generate_series(1, 6) g
       returning id)
     insert into application (id, call_id, fund_id, organization_id, project_title, summary, requested_minor, currency,
       duration_months, budget_lines, target_beneficiaries, countries, status, version, submitted_at, created_by_id,
       proposed_minor)
     select gen_random_uuid(), a.call_id, a.fund_id, o.id, 'Copy ''' || o.id || '''', a.summary, a.requested_minor + 7,
       a.currency, a.duration_months, a.budget_lines, a.target_beneficiaries, a.countries,
       (array['SUBMITTED','DRAFT','REJECTED'])[1 + (row_number() over ()) % 3], 1, now(), a.created_by_id, 99
       from application a, orgs o where a.id = $1`,
    [uuidOf(award.applicationId)],
  );
  // Another fund with a draft call and a submitted application: only its staff (and global roles) see them.
  const other = await (
    await app.as('ADMIN')
  ).gql(
    `mutation { createFund(input: { code: "OTHER", name: "Other fund", baseCurrency: "EUR" }) { fund { id } errors { code } } }`,
  );
  otherFundId = (other.data as any).createFund.fund.id;
  const otherFund = uuidOf(otherFundId);
  await app.sql(
    `with c as (
       insert into grant_call select (jsonb_populate_record(null::grant_call, to_jsonb(g) || jsonb_build_object(
         'id', gen_random_uuid(), 'fund_id', $1::uuid, 'status', 'DRAFT', 'title', 'Other fund draft'))).*
       from grant_call g limit 1 returning id)
     insert into application select (jsonb_populate_record(null::application, to_jsonb(a) || jsonb_build_object(
       'id', gen_random_uuid(), 'call_id', c.id, 'fund_id', $1::uuid, 'currency', 'EUR', 'project_title', 'Elsewhere'))).*
       from application a, c where a.id = $2`,
    [otherFund, uuidOf(award.applicationId)],
  );
  // Trustee 2 has a conflict with the awarded application: its reviews are refused to them there.
  await ok(await app.as('TRUSTEE2'), 'declareConflict', 'DeclareConflictInput', {
    applicationId: award.applicationId,
    nature: 'Former employer',
  });
  // Trustee 3 has one with the demo NGO itself: every application of it.
  const ngoOrg = (
    await app.sql(`select organization_id as id from application where id = $1`, [uuidOf(award.applicationId)])
  )[0]!.id;
  await ok(await app.as('TRUSTEE3'), 'declareConflict', 'DeclareConflictInput', {
    organizationId: Buffer.from(`Organization:${ngoOrg}`).toString('base64'),
    fundId: await fundId(app),
    nature: 'Board member of the NGO',
  });
});
afterAll(async () => {
  await plain.stop();
  await app.stop();
});

const NESTED = `query Nested($first: Int) { grantCalls(first: 10) { edges { node {
  id title
  applications(first: $first) {
    id projectTitle status
    requestedAmount { amount minorUnits currency }
    organization { id legalName country }
    reviews { id weightedTotal comment }
    award { id status amount { amount minorUnits currency }
      tranches { id number plannedDate status amount { minorUnits currency } } }
  }
} } } }`;

const SHAPES = `query Shapes($withReviews: Boolean!, $skipAward: Boolean!, $first: Int) {
  grantCalls(first: 10) { edges { node { id
    applications(first: $first) {
      __typename
      ...Bits
      title: projectTitle
      ... on Application { requestedAmount { amount minorUnits currency __typename } status }
      proposed: proposedAmount { amount }
      proposedAmount { currency }
      submittedAt targetBeneficiaries countries durationMonths startDate version infoRequest decidedAt
      organization { id legalName country kind vettingStatus }
      organization { countriesOfOperation registrationNumber }
      reviews @include(if: $withReviews) { id weightedTotal comment scores }
      award @skip(if: $skipAward) {
        id status startDate endDate approvedAt closedAt terminationReference
        amount { amount currency } released { amount } refunded { minorUnits }
        tranches { id number status plannedDate requestedAt paidOn paymentReference
          amount { amount } paidAmount { amount currency } }
      }
    }
  } } }
}
fragment Bits on Application { id version }`;

/** Not compiled: a field with its own rule (recommendationComment) and one with a resolver only. */
const FALLBACK = `{ grantCalls(first: 10) { edges { node {
  applications(first: 5) { id recommendationComment budgetLines { category amount { amount } } }
} } } }`;

interface Answer {
  data: unknown;
  errors: unknown;
  statements: number | undefined;
}

async function ask(url: string, token: string | null, query: string, variables?: unknown): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as {
    data?: unknown;
    errors?: { message: string; path?: unknown; extensions?: { code?: string } }[];
    extensions?: { sqlStatements?: number };
  };
  return {
    data: body.data,
    errors: body.errors?.map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code })),
    statements: body.extensions?.sqlStatements,
  };
}

/** Both servers' answers, checked equal; the compiled one is returned. */
async function both(
  client: GqlClient,
  query: string,
  variables?: unknown,
): Promise<{ compiled: Answer; plain: Answer }> {
  const [compiled, reference] = await Promise.all([
    ask(app.url, client.token, query, variables),
    ask(plainUrl, client.token, query, variables),
  ]);
  expect({ data: compiled.data, errors: compiled.errors }).toEqual({ data: reference.data, errors: reference.errors });
  return { compiled, plain: reference };
}

const ROLES = ['SECRETARIAT', 'AUDITOR', 'ADMIN', 'BOARD_MEMBER', 'TRUSTEE2', 'TRUSTEE3', 'NGO', 'DONOR'] as const;

describe('compiled nested reads answer exactly as the resolvers', () => {
  it.each(ROLES)('the nested read, as %s, with first 10, 1, 0, 500 and none', async (role) => {
    const client = await app.as(role);
    for (const first of [10, 1, 0, 500, null]) await both(client, NESTED, { first });
  });

  it.each(ROLES)('aliases, fragments, merged fields, @skip/@include, dates, JSON and nulls, as %s', async (role) => {
    const client = await app.as(role);
    for (const [withReviews, skipAward, first] of [
      [true, false, 10],
      [false, true, null],
      [true, true, 2],
    ] as const) {
      await both(client, SHAPES, { withReviews, skipAward, first });
    }
  });

  it('pages of calls (cursors, pageInfo, totalCount) are the paginator’s', async () => {
    const auditor = await app.as('AUDITOR');
    const PAGE = `query($after: String) { grantCalls(first: 2, after: $after) {
      totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id title applications(first: 2) { id } } } } }`;
    let after: string | null = null;
    const seen: string[] = [];
    for (let i = 0; i < 10; i++) {
      const { compiled } = await both(auditor, PAGE, { after });
      const conn = (compiled.data as any).grantCalls;
      seen.push(...conn.edges.map((e: any) => e.node.id));
      expect(conn.totalCount).toBeGreaterThan(3);
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe((await app.sql('select count(*)::int as n from grant_call'))[0]!.n);
  });

  it('anonymous callers get the same refusal', async () => {
    const { compiled } = await both(app.anonymous, NESTED, { first: 10 });
    expect(compiled.errors).toEqual([expect.objectContaining({ code: 'UNAUTHENTICATED' })]);
  });

  it('the data is really there: applications, reviews, the award with a paid tranche', async () => {
    const sec = await app.as('SECRETARIAT');
    const { compiled } = await both(sec, SHAPES, { withReviews: true, skipAward: false, first: 100 });
    const apps = (compiled.data as any).grantCalls.edges.flatMap((e: any) => e.node.applications);
    const awarded = apps.find((a: any) => a.award);
    expect(awarded.reviews.length).toBeGreaterThan(0);
    expect(awarded.award.amount).toEqual({ amount: '35000.00', currency: 'USD' });
    expect(awarded.award.tranches.find((t: any) => t.paidAmount)?.paymentReference).toBe('FT-1');
    expect(apps.some((a: any) => a.requestedAmount.amount === '12345.67')).toBe(true);
    expect(apps.some((a: any) => a.status === 'DRAFT')).toBe(false);
    expect(apps.find((a: any) => a.proposed?.amount === '0.99')).toBeDefined();
  });
});

describe('which reads compile', () => {
  it('the secretariat nested read: one statement for every application level instead of one per relation', async () => {
    const sec = await app.as('SECRETARIAT');
    const { compiled, plain: reference } = await both(sec, NESTED, { first: 10 });
    // The caller, and the page of calls with applications, organisations, reviews, awards and tranches.
    expect(compiled.statements).toBe(2);
    expect(reference.statements).toBeGreaterThan(compiled.statements!);
  });

  it('a call field only a resolver answers (effective status): the page falls back, its applications still compile', async () => {
    const sec = await app.as('SECRETARIAT');
    const { compiled, plain: reference } = await both(sec, NESTED.replace('id title', 'id title status'), {
      first: 10,
    });
    // The caller, the page of calls, one compiled statement for the applications of its fund's calls.
    expect(compiled.statements).toBe(3);
    expect(reference.statements).toBeGreaterThan(3);
  });

  it('draft calls and their applications only for their fund’s staff and global roles', async () => {
    const titles = async (role: TestRole) => {
      const { compiled } = await both(await app.as(role), NESTED, { first: 10 });
      return (compiled.data as any).grantCalls.edges.map((e: any) => [
        e.node.title,
        e.node.applications.map((a: any) => a.projectTitle),
      ]);
    };
    const sec = await titles('SECRETARIAT');
    expect(sec.length).toBeGreaterThan(1);
    expect(sec.map(([t]: string[]) => t)).not.toContain('Other fund draft');
    expect(await titles('AUDITOR')).toContainEqual(['Other fund draft', ['Elsewhere']]);
    expect((await titles('NGO')).map(([t]: string[]) => t)).not.toContain('Other fund draft');
  });

  it('an auditor of one fund reads that fund’s applications, awards and reviews only', async () => {
    const admin = await app.as('ADMIN');
    const email = `auditor-other-${Date.now()}@demo.vtf.example`;
    const password = 'Other-Fund-Auditor-Heron-2026';
    const user = (
      await admin.gql(`mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } } }`, {
        input: { email, displayName: 'Otto Other', password },
      })
    ).data!.createUser.user.id;
    await admin.gql(`mutation($input: GrantRoleInput!) { grantRole(input: $input) { errors { code } } }`, {
      input: { userId: user, role: 'AUDITOR', fundId: otherFundId },
    });
    const auditor = await app.login(email, password);
    const listed = await both(
      auditor,
      `{ applications(first: 100) { edges { node { projectTitle fund { code } } } } }`,
    );
    const funds = (listed.compiled.data as any).applications.edges.map((e: any) => e.node.fund.code);
    expect(funds.length).toBeGreaterThan(0);
    expect(new Set(funds)).toEqual(new Set(['OTHER']));
    const nested = await both(auditor, NESTED, { first: 10 });
    const titles = (nested.compiled.data as any).grantCalls.edges.flatMap((e: any) =>
      e.node.applications.map((a: any) => a.projectTitle),
    );
    expect(titles).toEqual(['Elsewhere']);
    // Awards likewise: the demo fund has one (the admin sees it), the other fund none.
    const AWARDS = `{ awards(first: 100) { edges { node { id fund { code } } } } }`;
    const all = (await (await app.as('ADMIN')).gql(AWARDS)).data!.awards.edges;
    expect(all.map((e: any) => e.node.fund.code)).toContain('UNVTF');
    expect((await auditor.gql(AWARDS)).data!.awards.edges).toEqual([]);
    // A review of the demo fund through node(id): its own auditor reads it, the other fund's does not.
    const nestedAll = (await both(await app.as('AUDITOR'), NESTED, { first: 10 })).compiled.data as any;
    const reviewId = nestedAll.grantCalls.edges
      .flatMap((e: any) => e.node.applications)
      .flatMap((a: any) => a.reviews ?? [])[0].id;
    const NODE = `query($id: ID!) { node(id: $id) { id ... on Review { comment } } }`;
    expect((await (await app.as('AUDITOR')).gql(NODE, { id: reviewId })).data!.node.id).toBe(reviewId);
    const refused = await auditor.gql(NODE, { id: reviewId });
    expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('a field only a resolver answers makes the selection fall back, with the same answer', async () => {
    const sec = await app.as('SECRETARIAT');
    const { compiled, plain: reference } = await both(sec, FALLBACK);
    expect(compiled.statements).toBe(reference.statements);
  });

  it('a board member reads reviews in the same statement, refused (FORBIDDEN) where it has a conflict', async () => {
    const refusedPaths = async (role: TestRole) => {
      const { compiled } = await both(await app.as(role), NESTED, { first: 10 });
      expect(compiled.statements).toBe(2);
      const errors = (compiled.errors ?? []) as { code: string; message: string; path: (string | number)[] }[];
      expect(errors.every((e) => e.code === 'FORBIDDEN' && /conflict of interest/.test(e.message))).toBe(true);
      return errors.map((e) => e.path.join('.'));
    };
    // Declared on the application: that one only. On the organisation: each of its applications.
    expect(await refusedPaths('TRUSTEE2')).toHaveLength(1);
    expect((await refusedPaths('TRUSTEE3')).length).toBeGreaterThan(1);
    // A confirmation of no conflict (the reviewing trustee's) refuses nothing.
    expect(await refusedPaths('BOARD_MEMBER')).toEqual([]);
  });

  it('an NGO member lists only its organisation’s applications (drafts included) through the compiled path', async () => {
    const ngo = await app.as('NGO');
    const query = `{ grantCalls(first: 10) { edges { node { applications { id status organization { legalName } } } } } }`;
    const { compiled } = await both(ngo, query);
    expect(compiled.statements).toBe(2);
    const apps = (compiled.data as any).grantCalls.edges.flatMap((e: any) => e.node.applications);
    expect(new Set(apps.map((a: any) => a.organization.legalName)).size).toBe(1);
    expect(apps.some((a: any) => a.status === 'DRAFT')).toBe(true);
  });
});

describe('Money amounts formatted in SQL', () => {
  it('equal formatMinor for every ISO 4217 currency, negative, zero and large amounts', async () => {
    const values = ['-123456789', '-1', '0', '5', '99', '100', '1234567', '9007199254740993'];
    const codes = [...cc.codes(), 'ZZZ'];
    const rows = await app.sql<{ c: string; m: string; s: string }>(
      `select c, m::text, ${decimalSql('m', 'c')} as s from unnest($1::text[]) c, unnest($2::bigint[]) m`,
      [codes, values],
    );
    expect(rows).toHaveLength(codes.length * values.length);
    const wrong = rows.filter((r) => r.s !== formatMinor(BigInt(r.m), r.c));
    expect(wrong).toEqual([]);
    expect(currencyDigits('BHD')).toBe(3);
  });
});
