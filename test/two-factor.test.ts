import { randomUUID } from 'node:crypto';
import {
  enrolTotp,
  expectNoErrors,
  gqlRequest,
  startTestApp,
  totpCode,
  type GqlClient,
  type TestApp,
} from './helpers/app';
import { DEMO_USERS } from '../src/seed/demo';
import { Role } from '../src/users/user.entity';

/**
 * Two-factor (issue 13): an authenticator app (TOTP) set up with a first code, one-time recovery
 * codes, the second step of a login, no replay of a code, and step-up for the actions a fund's
 * policy guards (STEP_UP_REQUIRED otherwise).
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
  token secondFactorRequired challengeToken challengeExpiresAt errors { code } } }`;
const COMPLETE = `mutation($i: CompleteLoginInput!) { completeLogin(input: $i) {
  token refreshToken session { id } user { email } errors { code field } } }`;
const STATUS = `{ myTwoFactor { totpEnabled recoveryCodesLeft stepUpValidUntil } }`;
const STEP_UP = `mutation($i: SecondFactorCodeInput!) { verifySecondFactor(input: $i) { validUntil errors { code } } }`;
const topCode = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions?.code;

async function newUser(): Promise<{ email: string; id: string }> {
  const email = `tf-${randomUUID()}@two-factor.example`;
  const id = expectNoErrors(
    await admin.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } errors { code } } }`, {
      i: { email, displayName: 'Two Factor', password: PASSWORD },
    }),
  ).createUser.user.id;
  return { email, id };
}

async function passwordStep(email: string) {
  return expectNoErrors(await app.anonymous.gql(LOGIN, { i: { email, password: PASSWORD } })).login;
}

async function complete(challengeToken: string, code: string) {
  return expectNoErrors(await app.anonymous.gql(COMPLETE, { i: { challengeToken, code } })).completeLogin;
}

/** A signed-in user with an authenticator app (through the API). */
async function enrolledUser() {
  const u = await newUser();
  const first = await passwordStep(u.email);
  const c = app.client(first.token);
  const stash = await enrolTotp(c, app.clock);
  return { ...u, client: c, ...stash };
}

describe('setting up an authenticator app', () => {
  it('shows a secret once, turns on only with a right first code, and hands out ten recovery codes', async () => {
    const u = await newUser();
    const c = app.client((await passwordStep(u.email)).token);
    const started = expectNoErrors(
      await c.gql(`mutation { startTotpEnrolment { enrolment { secret otpauthUri qrCodeDataUrl } errors { code } } }`),
    ).startTotpEnrolment;
    expect(started.errors).toEqual([]);
    const { secret, otpauthUri, qrCodeDataUrl } = started.enrolment;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toContain('otpauth://totp/');
    expect(otpauthUri).toContain(`secret=${secret}`);
    expect(qrCodeDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    // Stored encrypted: the secret is nowhere in the row.
    const [row] = await app.sql(`select secret_ciphertext, confirmed_at from totp_credential where user_id = $1`, [
      (await app.sql(`select id from app_user where email = $1`, [u.email]))[0]!.id,
    ]);
    expect(row!.secret_ciphertext).not.toContain(secret);
    expect(row!.confirmed_at).toBeNull();
    expect(expectNoErrors(await c.gql(STATUS)).myTwoFactor.totpEnabled).toBe(false);

    const CONFIRM = `mutation($i: SecondFactorCodeInput!) { confirmTotpEnrolment(input: $i) { recoveryCodes errors { code } } }`;
    const wrong = expectNoErrors(await c.gql(CONFIRM, { i: { code: '000000' } })).confirmTotpEnrolment;
    expect(wrong).toEqual({ recoveryCodes: null, errors: [{ code: 'SECOND_FACTOR_INVALID' }] });
    expect(expectNoErrors(await c.gql(STATUS)).myTwoFactor.totpEnabled).toBe(false);

    const ok = expectNoErrors(
      await c.gql(CONFIRM, { i: { code: await totpCode(secret, app.clock) } }),
    ).confirmTotpEnrolment;
    expect(ok.errors).toEqual([]);
    expect(ok.recoveryCodes).toHaveLength(10);
    expect(new Set(ok.recoveryCodes).size).toBe(10);
    const codes = await app.sql(
      `select code_hash from recovery_code r join app_user u on u.id = r.user_id
      where u.email = $1`,
      [u.email],
    );
    expect(codes).toHaveLength(10);
    for (const rc of ok.recoveryCodes as string[]) expect(codes.map((x) => x.code_hash)).not.toContain(rc);
    const status = expectNoErrors(await c.gql(STATUS)).myTwoFactor;
    expect(status).toMatchObject({ totpEnabled: true, recoveryCodesLeft: 10 });
    // The session that confirmed just proved the factor.
    expect(status.stepUpValidUntil).not.toBeNull();

    // No second app over the first, and the secret is not readable again.
    const again = expectNoErrors(
      await c.gql(`mutation { startTotpEnrolment { enrolment { secret } errors { code } } }`),
    );
    expect(again.startTotpEnrolment).toEqual({ enrolment: null, errors: [{ code: 'INVALID_STATE' }] });
    const audit = await app.sql(
      `select action from audit_event where actor_id = (select id from app_user where email = $1)
      and action like 'totp.%' order by seq`,
      [u.email],
    );
    expect(audit.map((a) => a.action)).toEqual(['totp.enrolStart', 'totp.enable']);
  });

  it('refuses a confirmation without an enrolment started', async () => {
    const u = await newUser();
    const c = app.client((await passwordStep(u.email)).token);
    const r = expectNoErrors(
      await c.gql(
        `mutation($i: SecondFactorCodeInput!) { confirmTotpEnrolment(input: $i) { recoveryCodes errors { code } } }`,
        {
          i: { code: '123456' },
        },
      ),
    ).confirmTotpEnrolment;
    expect(r.errors).toEqual([{ code: 'INVALID_STATE' }]);
  });
});

describe('signing in with a second factor', () => {
  it('asks for the second step, refuses a wrong code, and starts a stepped-up session with the right one', async () => {
    const u = await enrolledUser();
    const first = await passwordStep(u.email);
    expect(first).toMatchObject({ token: null, secondFactorRequired: true, errors: [] });
    expect(first.challengeToken).toEqual(expect.any(String));
    const wrong = await complete(first.challengeToken, '000000');
    expect(wrong).toEqual({
      token: null,
      refreshToken: null,
      session: null,
      user: null,
      errors: [{ code: 'SECOND_FACTOR_INVALID', field: 'code' }],
    });
    // The code the enrolment used is spent: the next step's code signs in.
    const ok = await complete(first.challengeToken, await totpCode(u.secret, app.clock, 1));
    expect(ok.errors).toEqual([]);
    expect(ok.user.email).toBe(u.email);
    const s = expectNoErrors(await app.client(ok.token).gql(STATUS)).myTwoFactor;
    expect(s.stepUpValidUntil).not.toBeNull();
    // A used challenge does not open a second session.
    const reused = await complete(first.challengeToken, await totpCode(u.secret, app.clock));
    expect(reused.errors).toEqual([{ code: 'LOGIN_CHALLENGE_EXPIRED', field: 'challengeToken' }]);
  });

  it('refuses a code already used (replay), even in another login', async () => {
    const u = await enrolledUser();
    const code = await totpCode(u.secret, app.clock, 1);
    const a = await complete((await passwordStep(u.email)).challengeToken, code);
    expect(a.errors).toEqual([]);
    const b = await complete((await passwordStep(u.email)).challengeToken, code);
    expect(b.errors).toEqual([{ code: 'SECOND_FACTOR_INVALID', field: 'code' }]);
    // An older step's code is refused as well once a later one was used.
    const older = await complete((await passwordStep(u.email)).challengeToken, await totpCode(u.secret, app.clock));
    expect(older.errors).toEqual([{ code: 'SECOND_FACTOR_INVALID', field: 'code' }]);
  });

  it('lets one of two concurrent logins with the same code through, never both', async () => {
    const u = await enrolledUser();
    const code = await totpCode(u.secret, app.clock, 1);
    const [c1, c2] = await Promise.all([passwordStep(u.email), passwordStep(u.email)]);
    const results = await Promise.all([complete(c1.challengeToken, code), complete(c2.challengeToken, code)]);
    expect(results.filter((r) => r.token).length).toBe(1);
    expect(results.filter((r) => r.errors[0]?.code === 'SECOND_FACTOR_INVALID').length).toBe(1);
  });

  it('takes each recovery code once', async () => {
    const u = await enrolledUser();
    const rc = u.recoveryCodes[0]!;
    const a = await complete((await passwordStep(u.email)).challengeToken, rc.toUpperCase());
    expect(a.errors).toEqual([]);
    const b = await complete((await passwordStep(u.email)).challengeToken, rc);
    expect(b.errors).toEqual([{ code: 'SECOND_FACTOR_INVALID', field: 'code' }]);
    expect(expectNoErrors(await app.client(a.token).gql(STATUS)).myTwoFactor.recoveryCodesLeft).toBe(9);
  });

  it('ends a challenge after five wrong codes, and when it expires', async () => {
    const u = await enrolledUser();
    const ch = (await passwordStep(u.email)).challengeToken;
    for (let i = 0; i < 5; i++) expect((await complete(ch, '000000')).errors[0].code).toBe('SECOND_FACTOR_INVALID');
    const late = await complete(ch, await totpCode(u.secret, app.clock, 1));
    expect(late.errors).toEqual([{ code: 'LOGIN_CHALLENGE_EXPIRED', field: 'challengeToken' }]);

    const ch2 = (await passwordStep(u.email)).challengeToken;
    app.clock.advance((app.config.LOGIN_CHALLENGE_TTL_SECONDS + 1) * 1000);
    try {
      const expired = await complete(ch2, await totpCode(u.secret, app.clock));
      expect(expired.errors).toEqual([{ code: 'LOGIN_CHALLENGE_EXPIRED', field: 'challengeToken' }]);
    } finally {
      app.clock.reset();
    }
  });

  it("refuses another user's code and an unknown challenge", async () => {
    const u = await enrolledUser();
    const other = await enrolledUser();
    const ch = (await passwordStep(u.email)).challengeToken;
    const r = await complete(ch, await totpCode(other.secret, app.clock, 1));
    expect(r.errors).toEqual([{ code: 'SECOND_FACTOR_INVALID', field: 'code' }]);
    const r2 = await complete(ch, other.recoveryCodes[0]!);
    expect(r2.errors).toEqual([{ code: 'SECOND_FACTOR_INVALID', field: 'code' }]);
    const unknown = await complete('A'.repeat(43), '123456');
    expect(unknown.errors).toEqual([{ code: 'LOGIN_CHALLENGE_EXPIRED', field: 'challengeToken' }]);
  });

  it('turns the app off only with the password and a code; login is one step again', async () => {
    const u = await enrolledUser();
    const DISABLE = `mutation($i: DisableTotpInput!) { disableTotp(input: $i) { user { id } errors { code field } } }`;
    const badPw = expectNoErrors(
      await u.client.gql(DISABLE, { i: { password: 'nope', code: await totpCode(u.secret, app.clock, 1) } }),
    );
    expect(badPw.disableTotp.errors).toEqual([{ code: 'INVALID_CREDENTIALS', field: 'password' }]);
    const badCode = expectNoErrors(await u.client.gql(DISABLE, { i: { password: PASSWORD, code: '000000' } }));
    expect(badCode.disableTotp.errors).toEqual([{ code: 'SECOND_FACTOR_INVALID', field: 'code' }]);
    const ok = expectNoErrors(
      await u.client.gql(DISABLE, { i: { password: PASSWORD, code: await totpCode(u.secret, app.clock, 1) } }),
    );
    expect(ok.disableTotp.errors).toEqual([]);
    expect(await app.sql(`select 1 from recovery_code where user_id = $1`, [await dbUserId(u.email)])).toEqual([]);
    expect(await app.sql(`select 1 from totp_credential where user_id = $1`, [await dbUserId(u.email)])).toEqual([]);
    const again = await passwordStep(u.email);
    expect(again.secondFactorRequired).toBe(false);
    expect(again.token).toEqual(expect.any(String));
  });
});

async function dbUserId(email: string): Promise<string> {
  return (await app.sql(`select id from app_user where email = $1`, [email]))[0]!.id;
}

describe('step-up for guarded actions', () => {
  const GRANT = `mutation($i: GrantRoleInput!) { grantRole(input: $i) { grant { id } errors { code } } }`;
  let fundId: string;
  beforeAll(async () => {
    fundId = expectNoErrors(await app.anonymous.gql(`{ funds(first: 1) { edges { node { id } } } }`)).funds.edges[0]
      .node.id;
  });

  /** A second administrator, signed in with the password only (no second factor yet). */
  async function plainAdmin() {
    const u = await newUser();
    const grant = expectNoErrors(await admin.gql(GRANT, { i: { userId: u.id, role: 'ADMIN' } }));
    expect(grant.grantRole.errors).toEqual([]);
    const first = await passwordStep(u.email);
    return { ...u, client: app.client(first.token) };
  }

  it('asks a staff member without a second factor to set one up, then to step up when it is stale', async () => {
    const a = await plainAdmin();
    const target = await newUser();
    const input = { i: { userId: target.id, role: 'SECRETARIAT', fundId } };
    const r1 = await a.client.gql(GRANT, input);
    expect(topCode(r1)).toBe('STEP_UP_REQUIRED');
    expect(r1.errors?.[0]?.extensions).toMatchObject({ action: 'GRANT_ROLE', enrolled: false });
    expect(await app.sql(`select 1 from role_grant where user_id = $1`, [await dbUserId(target.email)])).toEqual([]);

    // Setting up the app proves it in this session: the action goes through.
    const stash = await enrolTotp(a.client, app.clock);
    expect(expectNoErrors(await a.client.gql(GRANT, input)).grantRole.errors).toEqual([]);

    // Eleven minutes later the proof is stale (STEP_UP_WINDOW_SECONDS is ten minutes).
    const t2 = await newUser();
    app.clock.advance((app.config.STEP_UP_WINDOW_SECONDS + 60) * 1000);
    try {
      const r2 = await a.client.gql(GRANT, { i: { userId: t2.id, role: 'SECRETARIAT', fundId } });
      expect(topCode(r2)).toBe('STEP_UP_REQUIRED');
      expect(r2.errors?.[0]?.extensions).toMatchObject({ enrolled: true });
      const wrong = expectNoErrors(await a.client.gql(STEP_UP, { i: { code: '000000' } })).verifySecondFactor;
      expect(wrong).toEqual({ validUntil: null, errors: [{ code: 'SECOND_FACTOR_INVALID' }] });
      const before = app.clock.now().getTime();
      const ok = expectNoErrors(
        await a.client.gql(STEP_UP, { i: { code: await totpCode(stash.secret, app.clock) } }),
      ).verifySecondFactor;
      expect(ok.errors).toEqual([]);
      const window = app.config.STEP_UP_WINDOW_SECONDS * 1000;
      expect(new Date(ok.validUntil).getTime()).toBeGreaterThanOrEqual(before + window);
      expect(new Date(ok.validUntil).getTime()).toBeLessThanOrEqual(app.clock.now().getTime() + window);
      expect(
        expectNoErrors(await a.client.gql(GRANT, { i: { userId: t2.id, role: 'SECRETARIAT', fundId } })).grantRole
          .errors,
      ).toEqual([]);
    } finally {
      app.clock.reset();
    }
  });

  it("does not carry a step-up over to the user's other sessions, nor take another user's code", async () => {
    const a = await plainAdmin();
    const stash = await enrolTotp(a.client, app.clock); // this session is stepped up
    const target = await newUser();
    const input = { i: { userId: target.id, role: 'SECRETARIAT', fundId } };
    // Another session of the same admin, opened with the second step: stepped up on its own.
    const second = await complete((await passwordStep(a.email)).challengeToken, stash.recoveryCodes[0]!);
    expect(second.errors).toEqual([]);
    // Once the first session's proof is stale, the second session's fresh one does not count for it.
    app.clock.advance((app.config.STEP_UP_WINDOW_SECONDS + 60) * 1000);
    try {
      expect(topCode(await a.client.gql(GRANT, input))).toBe('STEP_UP_REQUIRED');
      // Stepping up the second session does not step up the first.
      const sc = app.client(second.token);
      const up = expectNoErrors(await sc.gql(STEP_UP, { i: { code: await totpCode(stash.secret, app.clock) } }));
      expect(up.verifySecondFactor.errors).toEqual([]);
      expect(topCode(await a.client.gql(GRANT, input))).toBe('STEP_UP_REQUIRED');
      // Another user's code does not step up a's first session.
      const mallory = await enrolledUser();
      const theirs = expectNoErrors(
        await a.client.gql(STEP_UP, { i: { code: await totpCode(mallory.secret, app.clock, 1) } }),
      );
      expect(theirs.verifySecondFactor.errors).toEqual([{ code: 'SECOND_FACTOR_INVALID' }]);
      const theirRc = expectNoErrors(await a.client.gql(STEP_UP, { i: { code: mallory.recoveryCodes[0]! } }));
      expect(theirRc.verifySecondFactor.errors).toEqual([{ code: 'SECOND_FACTOR_INVALID' }]);
      expect(topCode(await a.client.gql(GRANT, input))).toBe('STEP_UP_REQUIRED');
      expect(expectNoErrors(await sc.gql(GRANT, input)).grantRole.errors).toEqual([]);
    } finally {
      app.clock.reset();
    }
  });

  it('refuses the wrong role before asking for a second factor (FORBIDDEN stays FORBIDDEN)', async () => {
    const ngo = await app.as('NGO');
    const target = await newUser();
    const r = await ngo.gql(GRANT, { i: { userId: target.id, role: 'SECRETARIAT', fundId } });
    expect(topCode(r)).toBe('FORBIDDEN');
  });

  it('follows the fund policy: an action the fund does not list needs no step-up', async () => {
    const POLICY = `mutation($i: UpdateFundPolicyInput!) { updateFundPolicy(input: $i) { fund { stepUpActions } errors { code } } }`;
    const fund = expectNoErrors(await app.anonymous.gql(`{ funds(first: 1) { edges { node { id stepUpActions } } } }`))
      .funds.edges[0].node;
    expect(fund.stepUpActions).toEqual([
      'CAST_BOARD_VOTE',
      'APPROVE_TRANCHE',
      'RECORD_PAYMENT',
      'CONFIRM_BANK_ACCOUNT',
      'VET_ORGANIZATION',
      'GRANT_ROLE',
    ]);
    const set = (actions: string[]) =>
      admin.gql(POLICY, { i: { fundId: fund.id, stepUpActions: actions } }).then((r) => expectNoErrors(r));
    const without = fund.stepUpActions.filter((a: string) => a !== 'GRANT_ROLE');
    expect((await set(without)).updateFundPolicy.fund.stepUpActions).toEqual(without);
    try {
      const a = await plainAdmin();
      const target = await newUser();
      const r = expectNoErrors(await a.client.gql(GRANT, { i: { userId: target.id, role: 'SECRETARIAT', fundId } }));
      expect(r.grantRole.errors).toEqual([]);
    } finally {
      await set(fund.stepUpActions);
    }
  });
});

describe('the demo staff in tests', () => {
  it('step up the way people do: the helper set up their app through the API', async () => {
    const sec = DEMO_USERS.find((d) => d.role === Role.SECRETARIAT)!;
    await app.as('SECRETARIAT');
    expect(app.secondFactors.get(sec.email)?.recoveryCodes.length).toBeGreaterThan(1);
    const r = await gqlRequest<any>(app.url, null, LOGIN, { i: { email: sec.email, password: sec.password } });
    expect(r.data.login.secondFactorRequired).toBe(true);
  });
});

describe('wrong codes and the login limits', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await startTestApp({ RATE_LIMITS: '1' });
  });
  afterAll(async () => {
    await limited.stop();
  });

  it('delays the second step after a few wrong codes (HTTP 429), like wrong passwords', async () => {
    const ad = await limited.as('ADMIN');
    const email = `tf-${randomUUID()}@two-factor.example`;
    expectNoErrors(
      await ad.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } errors { code } } }`, {
        i: { email, displayName: 'Limited', password: PASSWORD },
      }),
    );
    const first = expectNoErrors(await limited.anonymous.gql(LOGIN, { i: { email, password: PASSWORD } })).login;
    await enrolTotp(limited.client(first.token), limited.clock);
    const ch = expectNoErrors(await limited.anonymous.gql(LOGIN, { i: { email, password: PASSWORD } })).login
      .challengeToken;
    const answers: (string | undefined)[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await limited.anonymous.gql(COMPLETE, { i: { challengeToken: ch, code: '000000' } });
      answers.push(r.status === 429 ? 'RATE_LIMITED' : r.data?.completeLogin.errors[0]?.code);
    }
    expect(answers.slice(0, 3)).toEqual(Array(3).fill('SECOND_FACTOR_INVALID'));
    expect(answers).toContain('RATE_LIMITED');
  });
});
