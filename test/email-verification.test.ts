import { createHash, randomUUID } from 'node:crypto';
import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { draft, fundId, mutate, openCall } from './helpers/grants';
import { startMailbox, type Mailbox } from './helpers/mailbox';
import { FakeStripe } from './helpers/fake-stripe';
import { createPledge } from './helpers/money';
import { registerAndLogin, verifyEmailOf } from './helpers/register';

/**
 * E-mail verification (issue 13): registration mails a single-use, expiring link (read here from a
 * real SMTP server on loopback); until it is opened the user signs in and drafts, but submitting an
 * application or a report, changing bank details, pledging and paying answer EMAIL_NOT_VERIFIED.
 */
let app: TestApp;
let box: Mailbox;
let stripe: FakeStripe;
let sec: GqlClient;
let fund: string;

beforeAll(async () => {
  box = await startMailbox();
  stripe = await new FakeStripe().start();
  app = await startTestApp({
    ...stripe.env(),
    SMTP_URL: `smtp://127.0.0.1:${box.port}`,
    SMTP_FROM: 'VTF Grants <grants@vtf.test>',
    PUBLIC_URL: 'https://grants.vtf.test',
  });
  sec = await app.as('SECRETARIAT');
  fund = await fundId(app);
});
afterAll(async () => {
  await app.stop();
  await box.close();
  await stripe.stop();
});

const PASSWORD = 'quiet harbour lantern marble 77';
const VERIFY = `mutation($i: VerifyEmailInput!) { verifyEmail(input: $i) { accepted errors { code field } } }`;
const RESEND = `mutation { resendVerification { accepted errors { code } } }`;
const code = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions?.code;

async function register(kind: 'NGO' | 'DONOR' = 'NGO') {
  const email = `verify-${randomUUID()}@ngo.example`;
  const before = box.mails.length;
  const reg = await registerAndLogin(
    app,
    {
      kind,
      legalName: `Verify Org ${randomUUID().slice(0, 8)}`,
      country: 'KE',
      email,
      displayName: 'Wanjiru Verify',
      password: PASSWORD,
    },
    {},
    { verify: false },
  );
  return { ...reg, email, mail: () => box.mailTo(email, before) };
}

const me = async (c: GqlClient) => expectNoErrors(await c.gql('{ me { id emailVerifiedAt } }')).me;

describe('e-mail verification', () => {
  it('refuses submitting and bank changes until the mailed link is opened, then allows them; the link works once', async () => {
    const ngo = await register();
    expect((await me(ngo.client)).emailVerifiedAt).toBeNull();
    const mail = await ngo.mail();
    expect(mail.raw).toContain('Subject: Confirm your e-mail address for VTF Grants');
    const token = box.tokenOf(mail, '/verify-email');
    // Only the digest is stored.
    const rows = await app.sql(`select token_hash from email_verification where token_hash in ($1, $2)`, [
      token,
      createHash('sha256').update(token).digest('hex'),
    ]);
    expect(rows).toEqual([{ token_hash: createHash('sha256').update(token).digest('hex') }]);

    // Drafting is allowed; submitting is not, and permissions say why with the same code.
    const call = await openCall(sec, fund, { allowPendingVetting: true });
    const id = await draft(ngo.client, call);
    const submit = () => mutate(ngo.client, 'submitApplication', 'ApplicationActionInput', { applicationId: id });
    expect((await submit()).errors).toEqual([expect.objectContaining({ code: 'EMAIL_NOT_VERIFIED' })]);
    const perm = expectNoErrors(
      await ngo.client.gql(
        `query($id: String!) { application(id: $id) { status permissions { submit { allowed code } } } }`,
        {
          id,
        },
      ),
    ).application;
    expect(perm).toEqual({ status: 'DRAFT', permissions: { submit: { allowed: false, code: 'EMAIL_NOT_VERIFIED' } } });
    const bank = `mutation($i: SetBankAccountInput!) { setBankAccount(input: $i) { errors { code } } }`;
    const account = {
      organizationId: ngo.orgId,
      accountHolder: 'Verify Org',
      bankName: 'KCB',
      iban: 'GB82 WEST 1234 5698 7654 32',
    };
    expect(expectNoErrors(await ngo.client.gql(bank, { i: account })).setBankAccount.errors).toEqual([
      { code: 'EMAIL_NOT_VERIFIED' },
    ]);
    const bankPerm = expectNoErrors(
      await ngo.client.gql(
        'query($id: String!) { organization(id: $id) { permissions { setBankAccount { allowed code } } } }',
        {
          id: ngo.orgId,
        },
      ),
    ).organization.permissions.setBankAccount;
    expect(bankPerm).toEqual({ allowed: false, code: 'EMAIL_NOT_VERIFIED' });
    // The link proves the address at once, for the session already open too.
    expect(expectNoErrors(await app.anonymous.gql(VERIFY, { i: { token } })).verifyEmail).toEqual({
      accepted: true,
      errors: [],
    });
    expect((await me(ngo.client)).emailVerifiedAt).not.toBeNull();
    expect((await submit()).application.status).toBe('SUBMITTED');
    expect(expectNoErrors(await ngo.client.gql(bank, { i: account })).setBankAccount.errors).toEqual([]);
    // Used once: dead.
    expect(expectNoErrors(await app.anonymous.gql(VERIFY, { i: { token } })).verifyEmail).toEqual({
      accepted: false,
      errors: [{ code: 'LINK_INVALID', field: 'token' }],
    });
    const events = await app.sql(
      `select action, after from audit_event where action = 'user.verifyEmail' and entity_id = (select id::text from app_user where email = $1)`,
      [ngo.email],
    );
    expect(events).toEqual([{ action: 'user.verifyEmail', after: { emailVerified: true, email: ngo.email } }]);
  });

  it('refuses pledges and card payments of an unverified donor member, writing nothing', async () => {
    const donor = await register('DONOR');
    const written = async () =>
      (
        await app.sql(
          `select (select count(*) from pledge p where p.donor_organization_id = o.id)::int
                + (select count(*) from contribution c where c.donor_organization_id = o.id)::int as n
             from organization o join membership m on m.organization_id = o.id join app_user u on u.id = m.user_id
            where u.email = $1`,
          [donor.email],
        )
      )[0]!.n;
    const p = expectNoErrors(
      await createPledge(donor.client, { fundId: fund, amount: '100.00', currency: 'USD', dueDate: '2027-01-01' }),
    ).createPledge;
    expect(p.errors).toEqual([expect.objectContaining({ code: 'EMAIL_NOT_VERIFIED' })]);
    const card = await donor.client.gql(
      `mutation($i: CreateCardContributionInput!) { createCardContribution(input: $i) { errors { code } } }`,
      { i: { fundId: fund, amount: '25.00', currency: 'USD', idempotencyKey: randomUUID() } },
    );
    expect(expectNoErrors(card).createCardContribution.errors).toEqual([{ code: 'EMAIL_NOT_VERIFIED' }]);
    expect(await written()).toBe(0);
    await verifyEmailOf(app, donor.email);
    // Verified, the next refusal is the organisation's vetting, no longer the address.
    const after = expectNoErrors(
      await createPledge(donor.client, { fundId: fund, amount: '100.00', currency: 'USD', dueDate: '2027-01-01' }),
    ).createPledge;
    expect(after.errors).toEqual([expect.objectContaining({ code: 'ORGANIZATION_NOT_VERIFIED' })]);
  });

  it('refuses an expired link, an unknown token, and the older link once a new one was sent', async () => {
    const ngo = await register();
    const first = box.tokenOf(await ngo.mail(), '/verify-email');
    app.clock.advance((app.config.EMAIL_VERIFICATION_TTL_SECONDS + 1) * 1000);
    try {
      expect(expectNoErrors(await app.anonymous.gql(VERIFY, { i: { token: first } })).verifyEmail.errors).toEqual([
        { code: 'LINK_INVALID', field: 'token' },
      ]);
      const n = box.mails.length;
      // The access token expired meanwhile: sign in again (unverified users may).
      const client = await app.login(ngo.email, PASSWORD);
      expect(expectNoErrors(await client.gql(RESEND)).resendVerification).toEqual({ accepted: true, errors: [] });
      const second = box.tokenOf(await box.mailTo(ngo.email, n), '/verify-email');
      expect(second).not.toBe(first);
      expect(
        expectNoErrors(await app.anonymous.gql(VERIFY, { i: { token: 'B'.repeat(43) } })).verifyEmail.errors,
      ).toEqual([{ code: 'LINK_INVALID', field: 'token' }]);
      expect(expectNoErrors(await app.anonymous.gql(VERIFY, { i: { token: second } })).verifyEmail.errors).toEqual([]);
    } finally {
      app.clock.reset();
    }
    const again = await app.login(ngo.email, PASSWORD);
    expect((await me(again)).emailVerifiedAt).not.toBeNull();
  });

  it('resends at most once a minute and five times a day, in the user language; nothing once verified', async () => {
    const ngo = await register();
    await ngo.mail();
    expectNoErrors(
      await ngo.client.gql(`mutation { updateProfile(input: { preferredLanguage: FR }) { errors { code } } }`),
    );
    const t0 = app.clock.now();
    app.clock.set(t0);
    try {
      const soon = await ngo.client.gql(RESEND);
      expect(soon.status).toBe(429);
      expect(code(soon)).toBe('RATE_LIMITED');
      expect(Number(soon.errors?.[0]?.extensions?.retryAfter)).toBeGreaterThan(0);
      let n = box.mails.length;
      for (let i = 1; i <= 4; i++) {
        app.clock.advance(61_000);
        n = box.mails.length;
        expect(expectNoErrors(await ngo.client.gql(RESEND)).resendVerification.accepted).toBe(true);
      }
      const fr = await box.mailTo(ngo.email, n);
      expect(fr.raw).toMatch(/Subject: =\?UTF-8\?Q\?Confirmez|Subject: Confirmez/);
      // Five links within 24 hours (the registration's and four resends): the sixth waits.
      app.clock.advance(61_000);
      expect(code(await ngo.client.gql(RESEND))).toBe('RATE_LIMITED');
      app.clock.advance(24 * 3600_000);
      const later = await app.login(ngo.email, PASSWORD);
      n = box.mails.length;
      expect(expectNoErrors(await later.gql(RESEND)).resendVerification.accepted).toBe(true);
      await box.mailTo(ngo.email, n);
      await verifyEmailOf(app, ngo.email);
      app.clock.advance(61_000);
      n = box.mails.length;
      expect(expectNoErrors(await later.gql(RESEND)).resendVerification).toEqual({ accepted: true, errors: [] });
      await new Promise((r) => setTimeout(r, 300));
      expect(box.mails.slice(n).filter((m) => m.to.includes(ngo.email))).toEqual([]);
    } finally {
      app.clock.reset();
    }
    expect(code(await app.anonymous.gql(RESEND))).toBe('UNAUTHENTICATED');
  });

  it('lets one of two concurrent uses of a link win, and refuses the link of a deactivated user', async () => {
    const ngo = await register();
    const token = box.tokenOf(await ngo.mail(), '/verify-email');
    const answers = (await Promise.all([1, 2].map(() => app.anonymous.gql(VERIFY, { i: { token } })))).map(
      (r) => expectNoErrors(r).verifyEmail,
    );
    expect(answers.filter((a) => a.accepted)).toHaveLength(1);
    expect(answers.find((a) => !a.accepted)?.errors).toEqual([{ code: 'LINK_INVALID', field: 'token' }]);
    const events = await app.sql(
      `select count(*)::int as n from audit_event where action = 'user.verifyEmail' and entity_id = $1`,
      [(await app.sql(`select id::text from app_user where email = $1`, [ngo.email]))[0]!.id],
    );
    expect(events).toEqual([{ n: 1 }]);

    const off = await register();
    const offToken = box.tokenOf(await off.mail(), '/verify-email');
    const admin = await app.as('ADMIN');
    const userId = expectNoErrors(await off.client.gql('{ me { id } }')).me.id;
    expectNoErrors(
      await admin.gql(`mutation($i: UserActionInput!) { deactivateUser(input: $i) { errors { code } } }`, {
        i: { userId },
      }),
    );
    expect(expectNoErrors(await app.anonymous.gql(VERIFY, { i: { token: offToken } })).verifyEmail.errors).toEqual([
      { code: 'LINK_INVALID', field: 'token' },
    ]);
  });

  it('sends no link for an address already registered; staff created by an administrator are verified', async () => {
    const ngo = await register();
    await ngo.mail();
    const n = box.mails.length;
    const again = expectNoErrors(
      await app.anonymous.gql(
        `mutation($i: RegisterOrganizationInput!) { registerOrganization(input: $i) { accepted errors { code } } }`,
        {
          i: {
            kind: 'NGO',
            legalName: 'Copycat',
            country: 'KE',
            email: ngo.email,
            displayName: 'X',
            password: PASSWORD,
          },
        },
      ),
    ).registerOrganization;
    expect(again).toEqual({ accepted: true, errors: [] });
    await new Promise((r) => setTimeout(r, 300));
    expect(box.mails.slice(n).filter((m) => m.raw.includes('verify-email'))).toEqual([]);
    expect(
      await app.sql(
        `select count(*)::int as n from email_verification v join app_user u on u.id = v.user_id where u.email = $1`,
        [ngo.email],
      ),
    ).toEqual([{ n: 1 }]);

    const admin = await app.as('ADMIN');
    const email = `staff-${randomUUID()}@vtf.example`;
    const created = expectNoErrors(
      await admin.gql(
        `mutation($i: CreateUserInput!) { createUser(input: $i) { user { emailVerifiedAt } errors { code } } }`,
        {
          i: { email, displayName: 'Staff', password: PASSWORD },
        },
      ),
    ).createUser;
    expect(created.user.emailVerifiedAt).not.toBeNull();
    expect((await me(await app.as('NGO'))).emailVerifiedAt).not.toBeNull();
  });
});
