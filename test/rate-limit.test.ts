import pino from 'pino';
import { delayAfter, RATE_LIMITS } from '../src/auth/rate-limit';
import { startServer, type RunningApp } from '../src/server';
import { DEMO_USERS } from '../src/seed/demo';
import { Role } from '../src/users/user.entity';
import { gqlRequest, startTestApp, TestClock, type GqlResult, type TestApp } from './helpers/app';

const LOGIN = 'mutation($i: LoginInput!) { login(input: $i) { token errors { code } } }';
const REGISTER = 'mutation($i: RegisterOrganizationInput!) { registerOrganization(input: $i) { errors { code } } }';
const auditor = DEMO_USERS.find((u) => u.role === Role.AUDITOR)!;
const donor = DEMO_USERS.find((u) => u.role === Role.DONOR)!;
const ngo = DEMO_USERS.find((u) => u.role === Role.NGO)!;
const secretariat = DEMO_USERS.find((u) => u.role === Role.SECRETARIAT)!;

let app: TestApp;
let replica: RunningApp;
beforeAll(async () => {
  // Rate limits on (the other test files switch them off); a trusted proxy on loopback lets the
  // test speak from several client addresses through X-Forwarded-For.
  app = await startTestApp({ RATE_LIMITS: '1', TRUST_PROXY: 'loopback' });
  // A second replica on the same database: the limiter state is in PostgreSQL, not in a process.
  replica = await startServer({
    config: app.config,
    orm: app.orm,
    log: pino({ level: 'silent' }),
    clock: new TestClock(),
    port: 0,
    host: '127.0.0.1',
  });
});
afterAll(async () => {
  await replica.stop();
  await app.stop();
});

function login(email: string, password: string, from: string, url = app.url) {
  return gqlRequest<{ login: { token: string | null; errors: { code: string }[] } }>(
    url,
    null,
    LOGIN,
    { i: { email, password } },
    { 'x-forwarded-for': from },
  );
}

function expectRateLimited(r: GqlResult<unknown>): number {
  expect(r.status).toBe(429);
  expect(r.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
  const retryAfter = Number(r.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(r.errors?.[0].extensions?.retryAfter).toBe(retryAfter);
  return retryAfter;
}

const sleep = (s: number) => new Promise((r) => setTimeout(r, s * 1000));

describe('rate limits of unauthenticated mutations', () => {
  it('lets no more than the limit of 60 logins in one second through, answering the rest 429 with Retry-After', async () => {
    const all = await Promise.all(
      Array.from({ length: 60 }, () => login(secretariat.email, secretariat.password, '198.51.100.60')),
    );
    const ok = all.filter((r) => r.data?.login?.token);
    const limited = all.filter((r) => r.status === 429);
    expect(ok.length).toBeLessThanOrEqual(RATE_LIMITS.loginPerAccount.points);
    expect(ok.length + limited.length).toBe(60);
    for (const r of limited) expect(expectRateLimited(r)).toBeLessThanOrEqual(RATE_LIMITS.loginPerAccount.seconds);
  });

  it('lets no more than the limit of 10 registrations in one second from one address through', async () => {
    const all = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        gqlRequest<{ registerOrganization: { errors: { code: string }[] } }>(
          app.url,
          null,
          REGISTER,
          {
            i: {
              kind: 'NGO',
              legalName: `Flood ${i}`,
              country: 'KE',
              email: `flood${i}@spam.example`,
              displayName: `Flood ${i}`,
              password: 'violet otter canyon drum 19',
            },
          },
          { 'x-forwarded-for': '198.51.100.10' },
        ),
      ),
    );
    const created = all.filter((r) => r.status === 200 && r.data?.registerOrganization.errors.length === 0);
    expect(created.length).toBe(RATE_LIMITS.registerPerAddress.points);
    for (const r of all.filter((x) => x.status !== 200)) expectRateLimited(r);
    const [{ n }] = await app.sql<{ n: string }>(`select count(*) as n from app_user where email like 'flood%'`);
    expect(Number(n)).toBe(RATE_LIMITS.registerPerAddress.points);
  });

  it('limits password-reset requests per asked address (known or not alike) and per client address', async () => {
    const RESET = 'mutation($i: RequestPasswordResetInput!) { requestPasswordReset(input: $i) { accepted } }';
    const ask = (email: string, from: string) =>
      gqlRequest<{ requestPasswordReset: { accepted: boolean } }>(
        app.url,
        null,
        RESET,
        { i: { email } },
        {
          'x-forwarded-for': from,
        },
      );
    for (const email of [donor.email, 'nobody-reset@spam.example']) {
      const all = [];
      for (let i = 0; i < RATE_LIMITS.resetPerAccount.points + 2; i++)
        all.push(await ask(email, `198.51.100.${40 + i}`));
      expect(all.filter((r) => r.status === 200)).toHaveLength(RATE_LIMITS.resetPerAccount.points);
      for (const r of all.filter((x) => x.status !== 200)) expectRateLimited(r);
    }
    const fromOne = [];
    for (let i = 0; i < RATE_LIMITS.resetPerAddress.points + 1; i++) {
      fromOne.push(await ask(`reset-${i}@spam.example`, '198.51.100.60'));
    }
    expect(fromOne.filter((r) => r.status === 200)).toHaveLength(RATE_LIMITS.resetPerAddress.points);
  });

  it('delays an address after wrong passwords, while the owner elsewhere and later still gets in', async () => {
    const attacker = '203.0.113.7';
    const { free } = RATE_LIMITS.failedLogins.accountAddress;
    for (let i = 0; i <= free; i++) {
      const r = await login(auditor.email, `wrong-${i}-password`, attacker);
      expect(r.data?.login.errors).toEqual([{ code: 'INVALID_CREDENTIALS' }]);
    }
    // The attacker's address must now wait, even with the right password…
    const wait = expectRateLimited(await login(auditor.email, auditor.password, attacker));
    expect(wait).toBe(1);
    // …while the owner at another address is not affected.
    expect((await login(auditor.email, auditor.password, '192.0.2.44')).data?.login.token).toMatch(/^ey/);
    // The delay grows with each further failure and then passes: a delay, never a lock.
    await sleep(wait);
    expect((await login(auditor.email, 'wrong-again-password', attacker)).data?.login.errors).toEqual([
      { code: 'INVALID_CREDENTIALS' },
    ]);
    const longer = expectRateLimited(await login(auditor.email, auditor.password, attacker));
    expect(longer).toBe(2);
    await sleep(longer);
    expect((await login(auditor.email, auditor.password, attacker)).data?.login.token).toMatch(/^ey/);
  });

  it('throttles guessing from many addresses on one account with short delays only', async () => {
    const { free, maxDelaySeconds } = RATE_LIMITS.failedLogins.account;
    for (let i = 0; i <= free; i++) {
      const r = await login(ngo.email, `wrong-${i}-password`, `203.0.113.${100 + i}`);
      expect(r.data?.login.errors).toEqual([{ code: 'INVALID_CREDENTIALS' }]);
    }
    const wait = expectRateLimited(await login(ngo.email, ngo.password, '192.0.2.55'));
    expect(wait).toBeLessThanOrEqual(maxDelaySeconds);
    await sleep(wait);
    expect((await login(ngo.email, ngo.password, '192.0.2.55')).data?.login.token).toMatch(/^ey/);
  });

  it('keeps the limiter state in PostgreSQL: a second replica sees the first one’s attempts, and no address in clear', async () => {
    const from = '198.51.100.77';
    for (let i = 0; i < RATE_LIMITS.loginPerAccount.points; i++) {
      await login(donor.email, 'wrong-password-x', from, i % 2 ? app.url : `http://127.0.0.1:${replica.port}/graphql`);
    }
    expectRateLimited(
      await login(donor.email, donor.password, '192.0.2.99', `http://127.0.0.1:${replica.port}/graphql`),
    );
    const rows = await app.sql<{ key: string }>('select key from rate_limit');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.key).join(' ')).not.toMatch(/@|198\.51|demo/);
  });

  it('caps every delay: the worst an owner meets is a wait, never a lock', () => {
    for (const scope of Object.keys(RATE_LIMITS.failedLogins) as (keyof typeof RATE_LIMITS.failedLogins)[]) {
      const { free, maxDelaySeconds } = RATE_LIMITS.failedLogins[scope];
      expect(delayAfter(free, scope)).toBe(0);
      expect(delayAfter(free + 1, scope)).toBe(1);
      expect(delayAfter(free + 2, scope)).toBe(2);
      expect(delayAfter(1_000_000, scope)).toBe(maxDelaySeconds);
    }
    expect(RATE_LIMITS.failedLogins.account.maxDelaySeconds).toBeLessThanOrEqual(60);
  });
});
