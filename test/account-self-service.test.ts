import { createHash, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { countStatements, expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';

/**
 * Self-service (issue 13 §2): password change (old password required), password reset by e-mail
 * (single use, expiring, neutral answer with the same SQL for known and unknown addresses), profile.
 * The reset link is read from a real SMTP server on loopback.
 */
interface Mail {
  to: string[];
  raw: string;
}
let app: TestApp;
let admin: GqlClient;
let smtp: SMTPServer;
const inbox: Mail[] = [];

async function startSmtp(): Promise<number> {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  return (smtp.server.address() as AddressInfo).port;
}

beforeAll(async () => {
  const port = await startSmtp();
  app = await startTestApp({
    SMTP_URL: `smtp://127.0.0.1:${port}`,
    SMTP_FROM: 'VTF Grants <grants@vtf.test>',
    PUBLIC_URL: 'https://grants.vtf.test',
  });
  admin = await app.as('ADMIN');
});
afterAll(async () => {
  await app.stop();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const PASSWORD = 'quiet harbour lantern marble 77';
const NEW_PASSWORD = 'copper meadow violin glacier 58';
const code = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions?.code;

async function newUser(): Promise<{ email: string; id: string }> {
  const email = `acct-${randomUUID()}@self.example`;
  const id = expectNoErrors(
    await admin.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } errors { code } } }`, {
      i: { email, displayName: 'Amina Self', password: PASSWORD },
    }),
  ).createUser.user.id;
  return { email, id };
}

const CHANGE = `mutation($i: ChangePasswordInput!) { changePassword(input: $i) { user { id } errors { code field } } }`;
const REQUEST = `mutation($i: RequestPasswordResetInput!) { requestPasswordReset(input: $i) { accepted errors { code field } } }`;
const RESET = `mutation($i: ResetPasswordInput!) { resetPassword(input: $i) { accepted errors { code field } } }`;
const PROFILE = `mutation($i: UpdateProfileInput!) { updateProfile(input: $i) {
  user { displayName preferredLanguage timeZone } errors { code field } } }`;

async function mailTo(email: string, after = 0): Promise<Mail> {
  for (let i = 0; i < 100; i++) {
    const m = inbox.slice(after).find((x) => x.to.includes(email));
    if (m) return m;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no mail to ${email}`);
}

/** The token of the reset link in a (quoted-printable) mail. */
function tokenOf(mail: Mail): string {
  const text = mail.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  const m = /https:\/\/grants\.vtf\.test\/reset-password#token=([A-Za-z0-9_-]{43})/.exec(text);
  if (!m) throw new Error(`no reset link in ${mail.raw}`);
  return m[1]!;
}

describe('changePassword', () => {
  it('needs the current password and a strong new one; other sessions end, this one goes on', async () => {
    const u = await newUser();
    const [a, b] = [await app.login(u.email, PASSWORD), await app.login(u.email, PASSWORD)];
    const wrong = expectNoErrors(
      await a.gql(CHANGE, { i: { currentPassword: 'not my password', newPassword: NEW_PASSWORD } }),
    );
    expect(wrong.changePassword.errors).toEqual([{ code: 'INVALID_CREDENTIALS', field: 'currentPassword' }]);
    for (const weak of ['short', 'password1234', 'Amina Self 1']) {
      const r = expectNoErrors(await a.gql(CHANGE, { i: { currentPassword: PASSWORD, newPassword: weak } }));
      expect(r.changePassword.errors).toEqual([{ code: 'WEAK_PASSWORD', field: 'newPassword' }]);
    }
    // Nothing changed so far.
    await app.login(u.email, PASSWORD);
    const ok = expectNoErrors(await a.gql(CHANGE, { i: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } }));
    expect(ok.changePassword.errors).toEqual([]);
    expect(expectNoErrors(await a.gql('{ me { email } }')).me.email).toBe(u.email);
    expect(code(await b.gql('{ me { id } }'))).toBe('UNAUTHENTICATED');
    await expect(app.login(u.email, PASSWORD)).rejects.toThrow(/login failed/);
    await app.login(u.email, NEW_PASSWORD);
    const events = await app.sql(
      `select action from audit_event where entity_id = (select id::text from app_user where email = $1)
          and action in ('user.passwordChange') order by seq`,
      [u.email],
    );
    expect(events).toEqual([{ action: 'user.passwordChange' }]);
  });

  it('is refused signed out', async () => {
    const r = await app.anonymous.gql(CHANGE, { i: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } });
    expect(code(r)).toBe('UNAUTHENTICATED');
  });
});

describe('password reset by e-mail', () => {
  it('mails a link that sets a new password once, ends every session, and then is dead', async () => {
    const u = await newUser();
    const session = await app.login(u.email, PASSWORD);
    const before = inbox.length;
    const req = expectNoErrors(await app.anonymous.gql(REQUEST, { i: { email: u.email.toUpperCase() } }));
    expect(req.requestPasswordReset).toEqual({ accepted: true, errors: [] });
    const mail = await mailTo(u.email, before);
    expect(mail.raw).toContain('Subject: Reset your VTF Grants password');
    const token = tokenOf(mail);
    // Only the digest is stored.
    const rows = await app.sql(`select token_hash from password_reset where token_hash = $1 or token_hash = $2`, [
      token,
      createHash('sha256').update(token).digest('hex'),
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).not.toBe(token);

    const weak = expectNoErrors(await app.anonymous.gql(RESET, { i: { token, newPassword: 'weak' } }));
    expect(weak.resetPassword).toEqual({ accepted: false, errors: [{ code: 'WEAK_PASSWORD', field: 'newPassword' }] });
    const ok = expectNoErrors(await app.anonymous.gql(RESET, { i: { token, newPassword: NEW_PASSWORD } }));
    expect(ok.resetPassword).toEqual({ accepted: true, errors: [] });
    expect(code(await session.gql('{ me { id } }'))).toBe('UNAUTHENTICATED');
    await app.login(u.email, NEW_PASSWORD);
    // Used once: dead.
    const again = expectNoErrors(
      await app.anonymous.gql(RESET, { i: { token, newPassword: 'another strong passphrase 93 kiwi' } }),
    );
    expect(again.resetPassword).toEqual({ accepted: false, errors: [{ code: 'LINK_INVALID', field: 'token' }] });
    await app.login(u.email, NEW_PASSWORD);
  });

  it('refuses an expired link, an unknown token, and an older link after a newer one was used', async () => {
    const u = await newUser();
    let n = inbox.length;
    expectNoErrors(await app.anonymous.gql(REQUEST, { i: { email: u.email } }));
    const first = tokenOf(await mailTo(u.email, n));
    n = inbox.length;
    expectNoErrors(await app.anonymous.gql(REQUEST, { i: { email: u.email } }));
    const second = tokenOf(await mailTo(u.email, n));
    expect(second).not.toBe(first);
    app.clock.advance((app.config.PASSWORD_RESET_TTL_SECONDS + 1) * 1000);
    try {
      const expired = expectNoErrors(
        await app.anonymous.gql(RESET, { i: { token: first, newPassword: NEW_PASSWORD } }),
      );
      expect(expired.resetPassword.errors).toEqual([{ code: 'LINK_INVALID', field: 'token' }]);
    } finally {
      app.clock.reset();
    }
    const unknown = expectNoErrors(
      await app.anonymous.gql(RESET, { i: { token: 'B'.repeat(43), newPassword: NEW_PASSWORD } }),
    );
    expect(unknown.resetPassword.errors).toEqual([{ code: 'LINK_INVALID', field: 'token' }]);
    expect(
      expectNoErrors(await app.anonymous.gql(RESET, { i: { token: second, newPassword: NEW_PASSWORD } })).resetPassword
        .errors,
    ).toEqual([]);
    const older = expectNoErrors(
      await app.anonymous.gql(RESET, { i: { token: first, newPassword: 'one more strong passphrase 12 fig' } }),
    );
    expect(older.resetPassword.errors).toEqual([{ code: 'LINK_INVALID', field: 'token' }]);
  });

  it('lets only one of two concurrent uses of a link win', async () => {
    const u = await newUser();
    const n = inbox.length;
    expectNoErrors(await app.anonymous.gql(REQUEST, { i: { email: u.email } }));
    const token = tokenOf(await mailTo(u.email, n));
    const [a, b] = await Promise.all([
      app.anonymous.gql(RESET, { i: { token, newPassword: NEW_PASSWORD } }),
      app.anonymous.gql(RESET, { i: { token, newPassword: 'a different strong passphrase 44 elm' } }),
    ]);
    const answers = [a, b].map((r) => expectNoErrors(r).resetPassword);
    expect(answers.filter((x) => x.accepted)).toHaveLength(1);
    expect(answers.filter((x) => !x.accepted)[0]!.errors).toEqual([{ code: 'LINK_INVALID', field: 'token' }]);
  });

  it('answers an unknown address exactly like a known one, with the same SQL, and mails nobody', async () => {
    const u = await newUser();
    const ask = (email: string) => app.anonymous.gql(REQUEST, { i: { email } });
    const known = await ask(u.email);
    const unknown = await ask(`nobody-${randomUUID()}@self.example`);
    expect(unknown.status).toBe(known.status);
    expect(unknown.data).toEqual(known.data);
    const k = await countStatements(app, () => ask(u.email));
    const x = await countStatements(app, () => ask(`nobody-${randomUUID()}@self.example`));
    expect(x).toBe(k);
    await new Promise((r) => setTimeout(r, 300));
    expect(inbox.filter((m) => m.to.some((t) => t.startsWith('nobody-')))).toEqual([]);
    expect(await app.sql("select count(*)::int as n from app_user where email like '%@reset.invalid'")).toEqual([
      { n: 0 },
    ]);
    // A deactivated account is treated as unknown.
    const off = await newUser();
    expectNoErrors(
      await admin.gql(`mutation($i: UserActionInput!) { deactivateUser(input: $i) { errors { code } } }`, {
        i: { userId: off.id },
      }),
    );
    const n = inbox.length;
    expect(expectNoErrors(await ask(off.email)).requestPasswordReset).toEqual({ accepted: true, errors: [] });
    await new Promise((r) => setTimeout(r, 300));
    expect(inbox.slice(n).filter((m) => m.to.includes(off.email))).toEqual([]);
  });

  it("writes the mail in the user's language", async () => {
    const u = await newUser();
    const c = await app.login(u.email, PASSWORD);
    expectNoErrors(await c.gql(PROFILE, { i: { preferredLanguage: 'FR' } }));
    const n = inbox.length;
    expectNoErrors(await app.anonymous.gql(REQUEST, { i: { email: u.email } }));
    const mail = await mailTo(u.email, n);
    expect(mail.raw).toMatch(/Subject: =\?UTF-8\?Q\?R=C3=A9initialiser|Subject: Réinitialiser/);
    tokenOf(mail);
  });
});

describe('updateProfile', () => {
  it('changes the display name, language and time zone, audited; refuses an unknown time zone', async () => {
    const u = await newUser();
    const c = await app.login(u.email, PASSWORD);
    const r = expectNoErrors(
      await c.gql(PROFILE, { i: { displayName: ' Amina K. ', preferredLanguage: 'ES', timeZone: 'Africa/Nairobi' } }),
    ).updateProfile;
    expect(r).toEqual({
      user: { displayName: 'Amina K.', preferredLanguage: 'ES', timeZone: 'Africa/Nairobi' },
      errors: [],
    });
    const bad = expectNoErrors(await c.gql(PROFILE, { i: { timeZone: 'Mars/Olympus' } })).updateProfile;
    expect(bad).toEqual({ user: null, errors: [{ code: 'INVALID_VALUE', field: 'timeZone' }] });
    const blank = expectNoErrors(await c.gql(PROFILE, { i: { displayName: '   ' } })).updateProfile;
    expect(blank.errors).toEqual([{ code: 'INVALID_VALUE', field: 'displayName' }]);
    const me = expectNoErrors(await c.gql('{ me { displayName preferredLanguage timeZone } }')).me;
    expect(me).toEqual({ displayName: 'Amina K.', preferredLanguage: 'ES', timeZone: 'Africa/Nairobi' });
    const [ev] = await app.sql(
      `select before, after from audit_event where action = 'user.updateProfile'
        and entity_id = (select id::text from app_user where email = $1)`,
      [u.email],
    );
    expect(ev).toEqual({
      before: { displayName: 'Amina Self', preferredLanguage: 'EN', timeZone: 'UTC' },
      after: { displayName: 'Amina K.', preferredLanguage: 'ES', timeZone: 'Africa/Nairobi' },
    });
    expect(code(await app.anonymous.gql(PROFILE, { i: { timeZone: 'UTC' } }))).toBe('UNAUTHENTICATED');
  });
});
