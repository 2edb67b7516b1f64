import fs from 'node:fs';
import path from 'node:path';
import { QUERY_LIMITS } from '../src/graphql/limits';
import { expectNoErrors, startTestApp, type TestApp } from './helpers/app';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

let dev: TestApp;
let prod: TestApp;
let proxied: TestApp;
let separate: TestApp;
beforeAll(async () => {
  [dev, prod, proxied, separate] = await Promise.all([
    startTestApp({ METRICS_TOKEN }),
    startTestApp({ NODE_ENV: 'production' }),
    startTestApp({ NODE_ENV: 'production', TRUST_PROXY: 'loopback' }),
    startTestApp({ NODE_ENV: 'production', METRICS_PORT: '0' }),
  ]);
});
afterAll(async () => {
  await Promise.all([dev.stop(), prod.stop(), proxied.stop(), separate.stop()]);
});

describe('security headers', () => {
  const paths = ['/healthz', '/readyz', '/exports/funds/UNVTF/360giving.json', '/no-such-page'];

  it('sends them on every response: GraphQL, health, exports, errors', async () => {
    const responses = [
      await fetch(prod.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ funds { totalCount } }' }),
      }),
      ...(await Promise.all(paths.map((p) => fetch(`${prod.baseUrl}${p}`)))),
    ];
    for (const res of responses) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('lets a portal at / load Stripe.js and nothing inline', async () => {
    const csp = (await fetch(`${prod.baseUrl}/healthz`)).headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self' https:\/\/js\.stripe\.com/);
    expect(csp).toMatch(/frame-src https:\/\/js\.stripe\.com/);
    expect(csp).toMatch(/connect-src 'self' https:\/\/api\.stripe\.com/);
    expect(csp).not.toContain('unsafe-inline');
  });

  it('sends HSTS only when a trusted proxy says the request came over TLS', async () => {
    const https = { 'x-forwarded-proto': 'https' };
    expect(
      (await fetch(`${prod.baseUrl}/healthz`, { headers: https })).headers.get('strict-transport-security'),
    ).toBeNull();
    expect((await fetch(`${proxied.baseUrl}/healthz`)).headers.get('strict-transport-security')).toBeNull();
    expect(
      (await fetch(`${proxied.baseUrl}/healthz`, { headers: https })).headers.get('strict-transport-security'),
    ).toBe('max-age=31536000; includeSubDomains');
  });
});

describe('/metrics is not public', () => {
  it('answers 401 without the bearer token and the figures with it', async () => {
    expect((await fetch(`${dev.baseUrl}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${dev.baseUrl}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status,
    ).toBe(401);
    const ok = await fetch(`${dev.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/db_pool_max \d+/);
  });

  it('is not served on the API port at all without METRICS_TOKEN', async () => {
    expect((await fetch(`${prod.baseUrl}/metrics`)).status).toBe(404);
  });

  it('is served on METRICS_PORT only, when that is set', async () => {
    expect((await fetch(`${separate.baseUrl}/metrics`)).status).toBe(404);
    const port = separate.running.metricsPort;
    expect(port).toEqual(expect.any(Number));
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/graphql_requests_total|db_pool_max/);
  });
});

describe('query limits', () => {
  it('counts aliases of __typename like any alias', async () => {
    const within = Array.from({ length: QUERY_LIMITS.maxAliases }, (_, i) => `t${i}: __typename`).join(' ');
    expectNoErrors(await prod.anonymous.gql(`{ ${within} }`));
    const many = Array.from({ length: 1000 }, (_, i) => `t${i}: __typename`).join(' ');
    const r = await prod.anonymous.gql(`{ ${many} }`);
    expect(r.data).toBeUndefined();
    expect(r.errors?.[0].message).toMatch(/aliases limit of 15 exceeded/i);
  });

  it('states in the README the limits the server enforces', () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '..', 'README.md'), 'utf8');
    const line = readme.split('\n').find((l) => l.startsWith('- Limits:')) ?? '';
    const n = (x: number) => x.toLocaleString('en-US');
    expect(line).toContain(`depth ${QUERY_LIMITS.maxDepth}`);
    expect(line).toContain(`${QUERY_LIMITS.maxAliases} aliases`);
    expect(line).toContain(`cost ${n(QUERY_LIMITS.maxCost)}`);
    expect(line).toContain(`${n(QUERY_LIMITS.maxTokens)} tokens`);
  });

  it('rejects a query over the cost limit and names the limit', async () => {
    const fields = Array.from(
      { length: 3 },
      (_, i) =>
        `f${i}: grantCalls(first: 100) { edges { node { id applications(first: 100) { edges { node { id } } } } } }`,
    ).join(' ');
    const r = await prod.anonymous.gql(`{ ${fields} }`);
    expect(r.errors?.[0].message).toMatch(new RegExp(`Cost limit of ${QUERY_LIMITS.maxCost} exceeded`));
  });
});
