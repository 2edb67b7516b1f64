import fs from 'node:fs';
import path from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildAppSchema } from '../src/graphql/schema';
import { expectNoErrors, startTestApp, type TestApp } from './helpers/app';

let dev: TestApp;
let prod: TestApp;
beforeAll(async () => {
  [dev, prod] = await Promise.all([startTestApp(), startTestApp({ NODE_ENV: 'production' })]);
});
afterAll(async () => {
  await Promise.all([dev.stop(), prod.stop()]);
});

const codes = (r: { errors?: { extensions?: Record<string, any> }[] }) =>
  (r.errors ?? []).map((e) => e.extensions?.code);

describe('query limits', () => {
  it('rejects a query deeper than the limit', async () => {
    const deep = `{ me { roles { fund { id } } ${'organizations { id } '.repeat(1)} } }`;
    expect((await dev.anonymous.gql(deep)).errors).toBeUndefined();
    const nested = Array.from({ length: 14 }).reduce<string>(
      (inner) => `node(id: "x") { ... on User { ${inner} } }`,
      'id',
    );
    const r = await dev.anonymous.gql(`{ ${nested} }`);
    expect(r.errors?.map((e) => e.message).join('\n')).toMatch(/depth limit of 12 exceeded/i);
    expect(r.data).toBeUndefined();
  });

  it('counts depth through a fragment named __schema (known bypass) too', async () => {
    // Older graphql-armor skipped any node named __schema, so the depth hidden in the fragment went uncounted.
    const nested = Array.from({ length: 14 }).reduce<string>(
      (inner) => `node(id: "x") { ... on User { ${inner} } }`,
      'id',
    );
    const q = `query { ...__schema } fragment __schema on Query { ${nested} }`;
    const r = await dev.anonymous.gql(q);
    expect(r.errors?.map((e) => e.message).join('\n')).toMatch(/depth limit of 12 exceeded/i);
  });

  it('rejects too many aliases', async () => {
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: funds { totalCount }`).join(' ');
    const r = await dev.anonymous.gql(`{ ${aliases} }`);
    expect(r.errors?.[0].message).toMatch(/aliases/i);
  });

  it('rejects a query above the cost limit', async () => {
    // About 112,000 by armor's measure (each list costs its `first` times its subtree); the limit is 75,000.
    const fields = Array.from(
      { length: 14 },
      (_, i) =>
        `f${i}: funds(first: 100) { edges { node { id code name baseCurrency boardSize supportCostRateBps minApprovals trancheWeights auditThreshold { amount currency minorUnits } unanimityThreshold { amount currency minorUnits } } } }`,
    ).join(' ');
    const r = await dev.anonymous.gql(`{ ${fields} }`);
    expect(r.errors?.[0].message).toMatch(/cost/i);
  });

  it('rejects a query with too many tokens, and a syntax error, with 400', async () => {
    const many = await fetch(dev.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ ${'__typename '.repeat(5000)} }` }),
    });
    expect(many.status).toBe(400);
    expect(JSON.stringify(await many.json())).toMatch(/more that 4000 tokens/);
    const broken = await fetch(dev.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { ' }),
    });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as any).errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('rejects a body above the size limit with 413 and a code', async () => {
    const res = await fetch(dev.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ me { id } } # ${'x'.repeat(1_100_000)}` }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers malformed JSON with 400 and no stack trace', async () => {
    const res = await fetch(dev.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).not.toMatch(/at .*\.js:\d+/);
  });

  it('keeps CSRF prevention on: a simple GET without a preflight header is refused', async () => {
    const res = await fetch(`${dev.url}?query=${encodeURIComponent('{ funds { totalCount } }')}`);
    expect(res.status).toBe(400);
    const ok = await fetch(`${dev.url}?query=${encodeURIComponent('{ funds { totalCount } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(ok.status).toBe(200);
  });

  it('answers a bad global id with BAD_USER_INPUT', async () => {
    const r = await dev.anonymous.gql('{ fund(id: "bm9wZQ==") { id } }');
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('production mode', () => {
  it('turns introspection off', async () => {
    const r = await prod.anonymous.gql('{ __schema { types { name } } }');
    expect(r.errors?.[0].message).toMatch(/introspection/i);
    expect((await dev.anonymous.gql('{ __schema { queryType { name } } }')).errors).toBeUndefined();
  });

  it('hides field suggestions', async () => {
    const p = await prod.anonymous.gql('{ fundz { totalCount } }');
    expect(p.errors?.[0].message).not.toMatch(/Did you mean/);
    const d = await dev.anonymous.gql('{ fundz { totalCount } }');
    expect(d.errors?.[0].message).toMatch(/Did you mean/);
  });

  it('masks unexpected errors with a request id and no stack trace', async () => {
    await prod.sql('alter table fund rename column name to name_broken');
    const res = await fetch(prod.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-me-42' },
      body: JSON.stringify({ query: '{ funds { edges { node { name } } } }' }),
    });
    await prod.sql('alter table fund rename column name_broken to name');
    const text = await res.text();
    const body = JSON.parse(text);
    expect(body.errors[0]).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'trace-me-42' },
    });
    expect(text).not.toMatch(/stack|name_broken|select /i);
  });
});

describe('schema', () => {
  it('is emitted from the code and the committed schema/schema.graphql is fresh', async () => {
    const sdl = `${printSchema(lexicographicSortSchema(await buildAppSchema()))}\n`;
    const committed = fs.readFileSync(path.resolve(__dirname, '..', 'schema', 'schema.graphql'), 'utf8');
    expect(committed).toBe(sdl);
  });

  it('uses the Node interface, Money and connections as the API conventions say', async () => {
    const r = expectNoErrors(
      await dev.anonymous.gql(
        '{ funds(first: 1) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id auditThreshold { amount currency minorUnits } } } } }',
      ),
    );
    expect(r.funds.edges[0].node.auditThreshold).toEqual({
      amount: '50000.00',
      currency: 'USD',
      minorUnits: '5000000',
    });
    const node = expectNoErrors(
      await dev.anonymous.gql('query($id: ID!) { node(id: $id) { __typename id } }', { id: r.funds.edges[0].node.id }),
    );
    expect(node.node).toEqual({ __typename: 'Fund', id: r.funds.edges[0].node.id });
  });
});
