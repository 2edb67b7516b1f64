import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestApp, type TestApp } from './helpers/app';

describe('the server serves the built portal beside the API', () => {
  let app: TestApp;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vtf-portal-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>portal</title><div id="root"></div>');
    fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    fs.writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    app = await startTestApp({ PORTAL_DIR: dir });
  });

  afterAll(async () => {
    await app.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const get = (p: string, accept = 'text/html') => fetch(`${app.baseUrl}${p}`, { headers: { accept } });

  it('answers / and any deep link with index.html, not cached', async () => {
    for (const p of ['/', '/calls/R3JhbnRDYWxsOjE', '/ngo/applications/x?tab=budget']) {
      const res = await get(p);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<div id="root">');
      // Inline styles for the components' CSS variables; scripts same-origin only.
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toMatch(/script-src 'self' https:\/\/js\.stripe\.com;/);
      expect(csp).toContain("frame-ancestors 'none'");
    }
  });

  it('lets the portal page load Stripe.js, frame its fields and call its API, and nothing else from outside', async () => {
    const csp = (await get('/donor/pledges')).headers.get('content-security-policy') ?? '';
    const directives = new Map(
      csp.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values.sort()] as const;
      }),
    );
    expect(directives.get('script-src')).toEqual(["'self'", 'https://js.stripe.com']);
    // hooks.stripe.com: the 3-D Secure challenge frame that Stripe.js opens.
    expect(directives.get('frame-src')).toEqual(['https://hooks.stripe.com', 'https://js.stripe.com']);
    expect(directives.get('connect-src')).toEqual(["'self'", 'https://api.stripe.com']);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'self'"]);
    // No wildcard or scheme source anywhere but Stripe's images (card brand icons).
    for (const [name, values] of directives) {
      if (name === 'img-src') continue;
      expect(values.filter((v) => v.includes('*') || /^(https?|data|blob):?$/.test(v))).toEqual([]);
    }
    expect(directives.get('img-src')).toEqual(["'self'", 'data:', 'https://*.stripe.com']);
  });

  it('reports card payments as off without Stripe keys', async () => {
    const r = await app.anonymous.gql<{ paymentSettings: unknown }>(
      '{ paymentSettings { cardPayments stripePublishableKey } }',
    );
    expect(r.data?.paymentSettings).toEqual({ cardPayments: false, stripePublishableKey: null });
  });

  it('serves hashed assets for a year and answers 404 for a missing one', async () => {
    const res = await get('/assets/index-abc123.js', '*/*');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/max-age=31536000/);
    expect(res.headers.get('cache-control')).toMatch(/immutable/);
    expect((await get('/assets/missing-000.js', '*/*')).status).toBe(404);
    expect((await get('/favicon.svg', '*/*')).status).toBe(200);
  });

  it('keeps the API, health and exports routes as they were', async () => {
    const r = await app.anonymous.gql('{ __typename }');
    expect(r.status).toBe(200);
    expect(r.data).toEqual({ __typename: 'Query' });
    const health = await get('/healthz', 'application/json');
    expect(await health.json()).toEqual({ status: 'ok' });
    // An unknown API path is not answered with the portal.
    const res = await get('/exports/no-such-export');
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('<div id="root">');
  });

  it('does not answer non-HTML requests to unknown paths with the portal', async () => {
    const res = await get('/some/data.json', 'application/json');
    expect(res.status).toBe(404);
  });
});

describe('without a built portal', () => {
  it('serves the API only', async () => {
    const app = await startTestApp({ PORTAL_DIR: path.join(os.tmpdir(), 'vtf-no-portal-here') });
    try {
      expect((await fetch(`${app.baseUrl}/`, { headers: { accept: 'text/html' } })).status).toBe(404);
      expect((await app.anonymous.gql('{ __typename }')).status).toBe(200);
    } finally {
      await app.stop();
    }
  });
});
