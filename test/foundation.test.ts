import { startTestApp, type TestApp, expectNoErrors } from './helpers/app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ METRICS_TOKEN: 'metrics-token-0123456789abcdef' });
});
afterAll(async () => {
  await app.stop();
});

describe('health and readiness', () => {
  it('answers /healthz and /readyz while the database is up', async () => {
    const h = await fetch(`${app.baseUrl}/healthz`);
    expect(h.status).toBe(200);
    const r = await fetch(`${app.baseUrl}/readyz`);
    expect(r.status).toBe(200);
  });

  it('exposes Prometheus metrics by operation name and pool figures', async () => {
    const admin = await app.as('ADMIN');
    expectNoErrors(await admin.gql('query MetricsProbe { me { email } }'));
    const text = await (
      await fetch(`${app.baseUrl}/metrics`, { headers: { authorization: 'Bearer metrics-token-0123456789abcdef' } })
    ).text();
    expect(text).toMatch(/graphql_requests_total\{operation="MetricsProbe",status="ok"\} 1/);
    expect(text).toMatch(/graphql_request_duration_seconds_count\{operation="MetricsProbe"\} 1/);
    expect(text).toMatch(/db_pool_max \d+/);
  });
});
