import { SignJWT } from 'jose';
import { LoginDocument, MeDocument, RegisterOrganizationDocument } from './generated/graphql';
import { countStatements, expectNoErrors, startTestApp, TEST_JWT_SECRET, type TestApp } from './helpers/app';
import { DEMO_USERS } from '../src/seed/demo';
import { Role } from '../src/users/user.entity';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

const admin = DEMO_USERS.find((u) => u.role === Role.ADMIN)!;
const ngo = DEMO_USERS.find((u) => u.role === Role.NGO)!;

describe('login', () => {
  it('returns a bearer token that `me` accepts, with roles and organisations', async () => {
    const r = await app.anonymous.gql(LoginDocument, {
      input: { email: ngo.email.toUpperCase(), password: ngo.password },
    });
    const { login } = expectNoErrors(r);
    expect(login.errors).toEqual([]);
    expect(login.token).toMatch(/^ey/);
    const me = expectNoErrors(await app.client(login.token!).gql(MeDocument)).me!;
    expect(me.email).toBe(ngo.email);
    // The registering user also administers the organisation's team.
    expect(me.roles.map((g) => g.role)).toEqual(['NGO', 'ORG_ADMIN']);
    expect(me.roles[0].organization?.legalName).toBe('Safe Harbour Network');
    expect(me.organizations.map((o) => o.kind)).toEqual(['NGO']);
  });

  it('gives the same error for a wrong password and an unknown user, and never returns a hash', async () => {
    const wrong = expectNoErrors(
      await app.anonymous.gql(LoginDocument, { input: { email: admin.email, password: 'nope-nope-nope' } }),
    );
    const unknown = expectNoErrors(
      await app.anonymous.gql(LoginDocument, { input: { email: 'nobody@x.example', password: 'nope-nope-nope' } }),
    );
    expect(wrong.login.token).toBeNull();
    expect(wrong.login.errors).toEqual([
      { field: null, code: 'INVALID_CREDENTIALS', message: 'Email or password is wrong.' },
    ]);
    expect(unknown.login.errors).toEqual(wrong.login.errors);
  });

  it('refuses an expired token with UNAUTHENTICATED', async () => {
    const client = await app.login(admin.email, admin.password);
    app.clock.advance((app.config.JWT_TTL_SECONDS + 5) * 1000);
    const r = await client.gql(MeDocument);
    app.clock.reset();
    expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(r.errors?.[0].message).toBe('Token expired.');
  });

  it('refuses a tampered token and a token signed with another key', async () => {
    const client = await app.login(admin.email, admin.password);
    const [h, p, s] = client.token!.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: '00000000-0000-7000-8000-000000000000' })).toString(
      'base64url',
    );
    const tampered = await app.client(`${h}.${forged}.${s}`).gql(MeDocument);
    expect(tampered.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const otherKey = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.sub)
      .setIssuer('vtf-grants')
      .setAudience('vtf-grants-api')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(`${TEST_JWT_SECRET}-not`));
    const foreign = await app.client(otherKey).gql(MeDocument);
    expect(foreign.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const none = await app.client('not-a-jwt').gql('{ organizations { totalCount } }');
    expect(none.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers `me` with null when not logged in, and UNAUTHENTICATED on protected fields', async () => {
    expect(expectNoErrors(await app.anonymous.gql(MeDocument)).me).toBeNull();
    const r = await app.anonymous.gql('{ organizations { totalCount } }');
    expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('self-registration', () => {
  const input = {
    kind: 'NGO' as const,
    legalName: 'Lantern Aid',
    country: 'KE',
    email: 'Founder@Lantern.example',
    displayName: 'Founder',
    password: 'correct horse battery staple lantern',
  };

  it('creates a PENDING organisation and its first user with the NGO role, who then signs in', async () => {
    const r = expectNoErrors(await app.anonymous.gql(RegisterOrganizationDocument, { input }));
    expect(r.registerOrganization).toEqual({ accepted: true, errors: [] });
    const login = expectNoErrors(
      await app.anonymous.gql(LoginDocument, { input: { email: input.email, password: input.password } }),
    ).login;
    const me = expectNoErrors(await app.client(login.token!).gql(MeDocument)).me!;
    expect(me.email).toBe('founder@lantern.example');
    expect(me.roles).toEqual([
      expect.objectContaining({ role: 'NGO', fund: null }),
      expect.objectContaining({ role: 'ORG_ADMIN', fund: null }),
    ]);
    expect(me.organizations).toEqual([expect.objectContaining({ legalName: 'Lantern Aid', kind: 'NGO' })]);
  });

  it('answers a known address exactly as a new one, writes nothing and tells the owner once a day', async () => {
    const count = async () =>
      (
        await app.sql<{ orgs: number; users: number }>(
          'select (select count(*)::int from organization) as orgs, (select count(*)::int from app_user) as users',
        )
      )[0];
    const before = await count();
    const attempt = (legalName: string, email: string) =>
      app.anonymous.gql(RegisterOrganizationDocument, { input: { ...input, legalName, email } });
    const known = await attempt('Other', 'FOUNDER@lantern.EXAMPLE');
    const fresh = await attempt('Brand New Aid', 'brand-new@lantern.example');
    // Same status, same body: nothing in the answer tells the two apart.
    expect(known.status).toBe(fresh.status);
    expect(known.data).toEqual(fresh.data);
    expect(known.data?.registerOrganization).toEqual({ accepted: true, errors: [] });
    const after = await count();
    expect(after.orgs - before.orgs).toBe(1); // only the fresh one
    expect(after.users - before.users).toBe(1);

    await attempt('Third try', 'founder@lantern.example');
    const owner = await app.login('founder@lantern.example', input.password);
    const notes = expectNoErrors(await owner.gql('{ notifications(first: 50) { edges { node { kind body } } } }'))
      .notifications.edges.map((e: { node: { kind: string; body: string } }) => e.node)
      .filter((n: { kind: string }) => n.kind === 'REGISTRATION_ATTEMPT');
    expect(notes).toHaveLength(1);
    expect(notes[0].body).toContain('"Other"');
    // The attempt's password did not replace the owner's.
    const wrong = expectNoErrors(
      await app.anonymous.gql(LoginDocument, {
        input: { email: input.email, password: 'x'.repeat(5) + input.password },
      }),
    );
    expect(wrong.login.token).toBeNull();
  });

  it('does the same work for a known address as for a new one: same hashing, same writes rolled back', async () => {
    const known: { ms: number; statements: number }[] = [];
    const fresh: { ms: number; statements: number }[] = [];
    const measure = async (email: string) => {
      const t0 = performance.now();
      const statements = await countStatements(app, async () =>
        expectNoErrors(await app.anonymous.gql(RegisterOrganizationDocument, { input: { ...input, email } })),
      );
      return { ms: performance.now() - t0, statements };
    };
    await measure('timing-known@lantern.example');
    for (let i = 0; i < 5; i++) {
      known.push(await measure('timing-known@lantern.example'));
      fresh.push(await measure(`timing-${i}@lantern.example`));
    }
    // The same SQL (the known address's rehearsal is rolled back, then its owner is told) …
    expect(Math.min(...known.map((k) => k.statements))).toBeGreaterThanOrEqual(
      Math.max(...fresh.map((f) => f.statements)),
    );
    // … and the same Argon2id hash: without it a known address would answer in a few percent of the time.
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    expect(median(known.map((k) => k.ms))).toBeGreaterThan(median(fresh.map((f) => f.ms)) * 0.3);
    expect(await app.sql("select count(*)::int as n from app_user where email like '%@registration.invalid'")).toEqual([
      { n: 0 },
    ]);
  });

  it('refuses a weak password with WEAK_PASSWORD and an invalid address with BAD_USER_INPUT', async () => {
    const weak = expectNoErrors(
      await app.anonymous.gql(RegisterOrganizationDocument, {
        input: { ...input, email: 'a@b.example', password: 'password123' },
      }),
    );
    expect(weak.registerOrganization.errors[0]).toMatchObject({ code: 'WEAK_PASSWORD', field: 'password' });
    const bad = await app.anonymous.gql(RegisterOrganizationDocument, { input: { ...input, email: 'not-an-email' } });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('registers concurrently with one address only once', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        app.anonymous.gql(RegisterOrganizationDocument, {
          input: { ...input, legalName: `Race ${i}`, email: 'race@lantern.example', kind: 'DONOR' },
        }),
      ),
    );
    // Every attempt gets the neutral answer; the unique index lets one through.
    expect(attempts.map((a) => a.data?.registerOrganization)).toEqual(
      Array.from({ length: 8 }, () => ({ accepted: true, errors: [] })),
    );
    expect(await app.sql("select count(*)::int as n from app_user where email = 'race@lantern.example'")).toEqual([
      { n: 1 },
    ]);
    expect(await app.sql("select count(*)::int as n from organization where legal_name like 'Race %'")).toEqual([
      { n: 1 },
    ]);
  });
});
