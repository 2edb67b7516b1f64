import { randomUUID } from 'node:crypto';
import { expectNoErrors, gqlRequest, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { DEMO_USERS } from '../src/seed/demo';
import { Role } from '../src/users/user.entity';

/**
 * Sessions (issue 13): login opens a session row; access tokens are bound to it; refresh tokens
 * rotate, and a spent one presented again ends the whole session; logout, logoutEverywhere,
 * revokeSession; deactivation and role revocation end sessions. The portal's cookie flow goes
 * through POST /auth/refresh.
 */
let app: TestApp;
let admin: GqlClient;
beforeAll(async () => {
  app = await startTestApp();
  admin = await app.as('ADMIN');
});
afterAll(async () => {
  await app.stop();
});

const PASSWORD = 'quiet harbour lantern marble 77';
const LOGIN = `mutation($i: LoginInput!) { login(input: $i) {
  token expiresAt refreshToken refreshExpiresAt session { id userAgent current } errors { code } } }`;
const REFRESH = `mutation($i: RefreshSessionInput!) { refreshSession(input: $i) {
  token expiresAt refreshToken refreshExpiresAt errors { code field message } } }`;
const MY_SESSIONS = `{ mySessions(first: 50) { totalCount edges { node { id userAgent current lastUsedAt } } } }`;
const code = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions?.code;

interface Issued {
  token: string;
  refreshToken: string;
  sessionId: string;
  client: GqlClient;
}

async function newUser(): Promise<{ email: string; id: string }> {
  const email = `s-${randomUUID()}@sessions.example`;
  const id = expectNoErrors(
    await admin.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } errors { code } } }`, {
      i: { email, displayName: 'Session Tester', password: PASSWORD },
    }),
  ).createUser.user.id;
  return { email, id };
}

async function login(email: string, userAgent = 'jest-sessions/1.0'): Promise<Issued> {
  const r = expectNoErrors(
    await gqlRequest<any>(app.url, null, LOGIN, { i: { email, password: PASSWORD } }, { 'user-agent': userAgent }),
  ).login;
  expect(r.errors).toEqual([]);
  return { token: r.token, refreshToken: r.refreshToken, sessionId: r.session.id, client: app.client(r.token) };
}

async function refresh(refreshToken: string) {
  return expectNoErrors(await app.anonymous.gql(REFRESH, { i: { refreshToken } })).refreshSession;
}

describe('login and refresh', () => {
  it('opens a session row with the user agent, and refreshes with rotation', async () => {
    const u = await newUser();
    const s = await login(u.email, 'Mozilla/5.0 (Test) Firefox/140');
    expect(s.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [row] = await app.sql(
      `select user_agent, revoked_at, (select count(*)::int from refresh_token r where r.session_id = s.id) as tokens,
              (select token_hash from refresh_token r where r.session_id = s.id) as hash
         from auth_session s where s.user_id = $1`,
      [dbId(u.id)],
    );
    expect(row).toMatchObject({ user_agent: 'Mozilla/5.0 (Test) Firefox/140', revoked_at: null, tokens: 1 });
    // Stored hashed, never in clear.
    expect(row!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.hash).not.toContain(s.refreshToken);

    app.clock.advance(60_000);
    const r1 = await refresh(s.refreshToken);
    expect(r1.errors).toEqual([]);
    expect(r1.refreshToken).not.toBe(s.refreshToken);
    expect(r1.token).not.toBe(s.token);
    const me = expectNoErrors(await app.client(r1.token).gql('{ me { email } mySessions { totalCount } }'));
    expect(me.me.email).toBe(u.email);
    expect(me.mySessions.totalCount).toBe(1);
    const r2 = await refresh(r1.refreshToken);
    expect(r2.errors).toEqual([]);
    app.clock.reset();
  });

  it('keeps a session alive past the access token lifetime through refreshes', async () => {
    const u = await newUser();
    const s = await login(u.email);
    app.clock.advance(16 * 60_000);
    try {
      expect(code(await s.client.gql('{ me { id } }'))).toBe('UNAUTHENTICATED');
      const r = await refresh(s.refreshToken);
      expect(r.errors).toEqual([]);
      expect(expectNoErrors(await app.client(r.token).gql('{ me { email } }')).me.email).toBe(u.email);
    } finally {
      app.clock.reset();
    }
  });

  it('detects reuse of a rotated refresh token and ends the whole session (every token of the family)', async () => {
    const u = await newUser();
    const s = await login(u.email);
    const r1 = await refresh(s.refreshToken);
    expect(r1.errors).toEqual([]);
    // The spent token comes back (copied by an attacker): refused, and the session ends.
    const reused = await refresh(s.refreshToken);
    expect(reused).toMatchObject({ token: null, refreshToken: null });
    expect(reused.errors).toEqual([expect.objectContaining({ code: 'INVALID_REFRESH_TOKEN', field: 'refreshToken' })]);
    // The legitimate holder's newer refresh token and access token are dead too.
    expect((await refresh(r1.refreshToken)).errors[0].code).toBe('INVALID_REFRESH_TOKEN');
    expect(code(await app.client(r1.token).gql('{ me { id } }'))).toBe('UNAUTHENTICATED');
    expect(code(await s.client.gql('{ me { id } }'))).toBe('UNAUTHENTICATED');
    const [row] = await app.sql(`select end_reason from auth_session where id = $1`, [dbId(s.sessionId)]);
    expect(row!.end_reason).toBe('REFRESH_REUSED');
    const events = await app.sql(
      `select action, after->>'reason' as reason from audit_event where entity_type = 'Session' and entity_id = $1
        order by seq`,
      [dbId(s.sessionId)],
    );
    expect(events).toEqual([
      { action: 'session.refresh', reason: null },
      { action: 'session.end', reason: 'REFRESH_REUSED' },
    ]);
    // Another session of the same user is untouched.
    const other = await login(u.email);
    expect((await refresh(other.refreshToken)).errors).toEqual([]);
  });

  it('lets only one of two concurrent exchanges of the same token win; the other ends the session', async () => {
    const u = await newUser();
    const s = await login(u.email);
    const [a, b] = await Promise.all([refresh(s.refreshToken), refresh(s.refreshToken)]);
    expect([a, b].filter((r) => r.errors.length === 0)).toHaveLength(1);
    const winner = a.errors.length === 0 ? a : b;
    expect(code(await app.client(winner.token).gql('{ me { id } }'))).toBe('UNAUTHENTICATED');
  });

  it('refuses unknown, malformed and expired refresh tokens with the same answer', async () => {
    const u = await newUser();
    const s = await login(u.email);
    const unknown = await refresh('A'.repeat(43));
    expect(unknown.errors.map((e: { code: string }) => e.code)).toEqual(['INVALID_REFRESH_TOKEN']);
    const bad = await app.anonymous.gql(REFRESH, { i: { refreshToken: 'short' } });
    expect(code(bad)).toBe('BAD_USER_INPUT');
    app.clock.advance((app.config.REFRESH_TOKEN_TTL_SECONDS + 1) * 1000);
    try {
      const expired = await refresh(s.refreshToken);
      expect(expired.errors).toEqual(unknown.errors);
    } finally {
      app.clock.reset();
    }
  });

  it('ends a session at its absolute lifetime however often it is refreshed', async () => {
    const u = await newUser();
    const s = await login(u.email);
    let token = s.refreshToken;
    const step = (app.config.REFRESH_TOKEN_TTL_SECONDS - 60) * 1000;
    try {
      for (let t = step; t < app.config.SESSION_MAX_AGE_SECONDS * 1000; t += step) {
        app.clock.advance(step);
        const r = await refresh(token);
        expect(r.errors).toEqual([]);
        token = r.refreshToken;
        const [row] = await app.sql(`select expires_at from auth_session where id = $1`, [dbId(s.sessionId)]);
        expect(new Date(r.refreshExpiresAt).getTime()).toBeLessThanOrEqual((row!.expires_at as Date).getTime());
      }
      app.clock.advance(step);
      expect((await refresh(token)).errors[0].code).toBe('INVALID_REFRESH_TOKEN');
    } finally {
      app.clock.reset();
    }
  });

  it("refuses a deactivated user's refresh token, also after reactivation", async () => {
    const u = await newUser();
    const s = await login(u.email);
    const off = `mutation($i: UserActionInput!) { deactivateUser(input: $i) { errors { code } } }`;
    const on = `mutation($i: UserActionInput!) { reactivateUser(input: $i) { errors { code } } }`;
    expect(expectNoErrors(await admin.gql(off, { i: { userId: u.id } })).deactivateUser.errors).toEqual([]);
    expect((await refresh(s.refreshToken)).errors[0].code).toBe('INVALID_REFRESH_TOKEN');
    expect(code(await s.client.gql('{ me { id } }'))).toBe('UNAUTHENTICATED');
    expect(expectNoErrors(await admin.gql(on, { i: { userId: u.id } })).reactivateUser.errors).toEqual([]);
    expect((await refresh(s.refreshToken)).errors[0].code).toBe('INVALID_REFRESH_TOKEN');
    const [row] = await app.sql(`select end_reason from auth_session where id = $1`, [dbId(s.sessionId)]);
    expect(row!.end_reason).toBe('DEACTIVATED');
  });

  it('ends every session of a user whose role is revoked', async () => {
    const u = await newUser();
    const grant = expectNoErrors(
      await admin.gql(`mutation($i: GrantRoleInput!) { grantRole(input: $i) { grant { id } errors { code } } }`, {
        i: { userId: u.id, role: 'AUDITOR' },
      }),
    ).grantRole.grant.id;
    const [a, b] = [await login(u.email), await login(u.email)];
    expect(expectNoErrors(await a.client.gql('{ auditEvents(first: 1) { totalCount } }'))).toBeDefined();
    expectNoErrors(
      await admin.gql(`mutation($i: RevokeRoleInput!) { revokeRole(input: $i) { errors { code } } }`, {
        i: { grantId: grant },
      }),
    );
    for (const s of [a, b]) {
      expect(code(await s.client.gql('{ me { id } }'))).toBe('UNAUTHENTICATED');
      expect((await refresh(s.refreshToken)).errors[0].code).toBe('INVALID_REFRESH_TOKEN');
    }
  });
});

describe('logout, logoutEverywhere, mySessions, revokeSession', () => {
  it('logout ends only the current session', async () => {
    const u = await newUser();
    const [a, b] = [await login(u.email, 'device-a'), await login(u.email, 'device-b')];
    const list = expectNoErrors(await a.client.gql(MY_SESSIONS)).mySessions;
    expect(list.edges.map((e: any) => [e.node.userAgent, e.node.current])).toEqual([
      ['device-a', true],
      ['device-b', false],
    ]);
    const out = expectNoErrors(await a.client.gql('mutation { logout { ended errors { code } } }')).logout;
    expect(out).toEqual({ ended: 1, errors: [] });
    expect(code(await a.client.gql('{ me { id } }'))).toBe('UNAUTHENTICATED');
    expect((await refresh(a.refreshToken)).errors[0].code).toBe('INVALID_REFRESH_TOKEN');
    expect(expectNoErrors(await b.client.gql(MY_SESSIONS)).mySessions.edges.map((e: any) => e.node.userAgent)).toEqual([
      'device-b',
    ]);
    expect((await refresh(b.refreshToken)).errors).toEqual([]);
    // Signed out, logout needs a session again.
    expect(code(await a.client.gql('mutation { logout { ended } }'))).toBe('UNAUTHENTICATED');
  });

  it('logoutEverywhere ends every session of the caller and nobody else', async () => {
    const u = await newUser();
    const v = await newUser();
    const [a, b, other] = [await login(u.email), await login(u.email), await login(v.email)];
    const out = expectNoErrors(await b.client.gql('mutation { logoutEverywhere { ended errors { code } } }'));
    expect(out.logoutEverywhere).toEqual({ ended: 2, errors: [] });
    for (const s of [a, b]) expect(code(await s.client.gql('{ me { id } }'))).toBe('UNAUTHENTICATED');
    expect(expectNoErrors(await other.client.gql('{ me { email } }')).me.email).toBe(v.email);
  });

  it("revokes one of the caller's own sessions, and refuses another user's as NOT_FOUND", async () => {
    const u = await newUser();
    const v = await newUser();
    const [a, b, victim] = [await login(u.email), await login(u.email), await login(v.email)];
    const REVOKE = `mutation($i: RevokeSessionInput!) { revokeSession(input: $i) {
      session { id revokedAt endReason } errors { code field } } }`;
    const foreign = expectNoErrors(await a.client.gql(REVOKE, { i: { sessionId: victim.sessionId } })).revokeSession;
    expect(foreign).toEqual({ session: null, errors: [{ code: 'NOT_FOUND', field: 'sessionId' }] });
    // Also an administrator cannot end someone's session this way (deactivateUser is the admin's tool).
    expect(
      expectNoErrors(await admin.gql(REVOKE, { i: { sessionId: victim.sessionId } })).revokeSession.errors[0].code,
    ).toBe('NOT_FOUND');
    expect(expectNoErrors(await victim.client.gql('{ me { email } }')).me.email).toBe(v.email);
    // Not readable through node either.
    const peek = await a.client.gql('query($id: ID!) { node(id: $id) { id } }', { id: victim.sessionId });
    expect(code(peek)).toBe('FORBIDDEN');

    const own = expectNoErrors(await a.client.gql(REVOKE, { i: { sessionId: b.sessionId } })).revokeSession;
    expect(own.errors).toEqual([]);
    expect(own.session).toMatchObject({ id: b.sessionId, endReason: 'REVOKED' });
    expect(own.session.revokedAt).not.toBeNull();
    expect(code(await b.client.gql('{ me { id } }'))).toBe('UNAUTHENTICATED');
    expect((await refresh(b.refreshToken)).errors[0].code).toBe('INVALID_REFRESH_TOKEN');
    expect(expectNoErrors(await a.client.gql('{ me { email } }')).me.email).toBe(u.email);
    // Repeating it changes nothing.
    expect(expectNoErrors(await a.client.gql(REVOKE, { i: { sessionId: b.sessionId } })).revokeSession.errors).toEqual(
      [],
    );
  });

  it('refuses an access token whose session row is gone or belongs to someone else', async () => {
    const ngo = DEMO_USERS.find((d) => d.role === Role.NGO)!;
    const c = await app.login(ngo.email, ngo.password);
    const [claims] = [JSON.parse(Buffer.from(c.token!.split('.')[1]!, 'base64url').toString())];
    expect(claims.sid).toMatch(/^[0-9a-f-]{36}$/);
    await app.sql(`update auth_session set revoked_at = now(), end_reason = 'REVOKED' where id = $1`, [claims.sid]);
    expect(code(await c.gql('{ me { id } }'))).toBe('UNAUTHENTICATED');
  });
});

describe('portal cookie: POST /auth/refresh', () => {
  const post = (path: string, headers: Record<string, string>) =>
    fetch(`${app.baseUrl}${path}`, { method: 'POST', headers });
  const cookieOf = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith('vtf_refresh='));

  async function cookieLogin(email: string): Promise<{ cookie: string; token: string }> {
    const res = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: LOGIN,
        variables: { i: { email, password: PASSWORD, refreshTokenCookie: true } },
      }),
    });
    const body = (await res.json()) as any;
    expect(body.data.login.refreshToken).toBeNull();
    const set = cookieOf(res)!;
    expect(set).toMatch(
      /^vtf_refresh=[A-Za-z0-9_-]{43}; Path=\/auth\/refresh; Expires=.+; HttpOnly; Secure; SameSite=Strict$/,
    );
    return { cookie: set.split(';')[0]!, token: body.data.login.token };
  }

  it('sets the refresh token as an HttpOnly Secure SameSite=Strict cookie on /auth/refresh and rotates it', async () => {
    const u = await newUser();
    const { cookie } = await cookieLogin(u.email);
    const res = await post('/auth/refresh', { cookie, 'x-vtf-csrf': '1' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { token: string; expiresAt: string };
    expect(expectNoErrors(await app.client(body.token).gql('{ me { email } }')).me.email).toBe(u.email);
    const next = cookieOf(res)!.split(';')[0]!;
    expect(next).not.toBe(cookie);
    // The old cookie again: reuse, the session ends, the cookie is cleared.
    const reused = await post('/auth/refresh', { cookie, 'x-vtf-csrf': '1' });
    expect(reused.status).toBe(401);
    expect(((await reused.json()) as any).errors[0].extensions.code).toBe('INVALID_REFRESH_TOKEN');
    expect(cookieOf(reused)).toMatch(/^vtf_refresh=; Path=\/auth\/refresh; Expires=Thu, 01 Jan 1970/);
    expect((await post('/auth/refresh', { cookie: next, 'x-vtf-csrf': '1' })).status).toBe(401);
    expect(code(await app.client(body.token).gql('{ me { id } }'))).toBe('UNAUTHENTICATED');
  });

  it('refuses a request without the CSRF header, and a GET, before looking at the cookie', async () => {
    const u = await newUser();
    const { cookie } = await cookieLogin(u.email);
    const noHeader = await post('/auth/refresh', { cookie });
    expect(noHeader.status).toBe(403);
    expect(((await noHeader.json()) as any).errors[0].extensions.code).toBe('CSRF');
    expect(cookieOf(noHeader)).toBeUndefined();
    const get = await fetch(`${app.baseUrl}/auth/refresh`, { headers: { cookie, 'x-vtf-csrf': '1' } });
    expect(get.status).toBe(405);
    expect(cookieOf(get)).toBeUndefined();
    // The cookie is still good: nothing was spent.
    expect((await post('/auth/refresh', { cookie, 'x-vtf-csrf': '1' })).status).toBe(200);
  });

  it('answers 401 without a cookie, and a cross-origin preflight gets no CORS permission', async () => {
    expect((await post('/auth/refresh', { 'x-vtf-csrf': '1' })).status).toBe(401);
    const pre = await fetch(`${app.baseUrl}/auth/refresh`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-vtf-csrf',
      },
    });
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    expect(pre.headers.get('access-control-allow-headers')).toBeNull();
  });

  it('POST /auth/refresh/logout ends the cookie session and clears the cookie; logout through GraphQL clears it too', async () => {
    const u = await newUser();
    const first = await cookieLogin(u.email);
    const out = await post('/auth/refresh/logout', { cookie: first.cookie, 'x-vtf-csrf': '1' });
    expect(out.status).toBe(204);
    expect(cookieOf(out)).toMatch(/^vtf_refresh=;/);
    expect(code(await app.client(first.token).gql('{ me { id } }'))).toBe('UNAUTHENTICATED');
    expect((await post('/auth/refresh', { cookie: first.cookie, 'x-vtf-csrf': '1' })).status).toBe(401);

    const second = await cookieLogin(u.email);
    const res = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${second.token}` },
      body: JSON.stringify({ query: 'mutation { logout { ended } }' }),
    });
    expect(((await res.json()) as any).data.logout.ended).toBe(1);
    expect(cookieOf(res)).toMatch(/^vtf_refresh=;/);
    expect((await post('/auth/refresh', { cookie: second.cookie, 'x-vtf-csrf': '1' })).status).toBe(401);
  });

  it('never reads the refresh cookie on /graphql: a cookie alone is not signed in', async () => {
    const u = await newUser();
    const { cookie } = await cookieLogin(u.email);
    const r = await gqlRequest<any>(app.url, null, '{ me { id } }', {}, { cookie });
    expect(r.data.me).toBeNull();
  });
});

function dbId(globalId: string): string {
  return Buffer.from(globalId, 'base64').toString().split(':')[1] ?? globalId;
}
