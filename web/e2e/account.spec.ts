import { expect, test, type Page } from '@playwright/test';
import { generate } from 'otplib';
import { en } from '../src/i18n/en';
import { secretariatEn } from '../src/features/secretariat/messages/en';
import { checkPage } from './a11y';
import { DEMO, fundId, gql, login, setStepUpPolicy } from './api';
import { organizationOf } from './ngo-api';

/**
 * People look after their own account: profile, password, signed-in devices; they set up an
 * authenticator app (QR code, recovery codes) and sign in with its code; a guarded action
 * (vetting, when the fund's policy names it) asks for a fresh code and then goes on.
 */

const m = { ...en, ...secretariatEn };
const PASSWORD = 'amber falcon river stone 42';
const uniq = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function newUser(role?: 'SECRETARIAT'): Promise<{ email: string; password: string; id: string }> {
  const admin = await login(DEMO.admin);
  const email = `acct-${uniq()}@e2e.example`;
  const r = await gql<{ createUser: { user: { id: string } } }>(
    admin,
    `mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } errors { code message } } }`,
    { i: { email, displayName: 'Ana Account', password: PASSWORD } },
  );
  const id = r.createUser.user.id;
  if (role) {
    await gql(admin, `mutation($i: GrantRoleInput!) { grantRole(input: $i) { errors { code message } } }`, {
      i: { userId: id, role, fundId: await fundId() },
    });
  }
  return { email, password: PASSWORD, id };
}

async function passwordStep(page: Page, user: { email: string; password: string }) {
  await page.goto('/login');
  await page.getByLabel(m.login.email).fill(user.email);
  await page.getByLabel(new RegExp(`^${m.login.password}`)).fill(user.password);
  await page.getByRole('button', { name: m.login.submit }).click();
}

/** A code of the app for the step after `offset` steps of 30 s (a code works once). */
const codeOf = (secret: string, offset = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offset * 30 });

test('a user changes the profile and password and signs out another device', async ({ page }) => {
  const user = await newUser();
  await passwordStep(page, user);
  await expect(page).not.toHaveURL(/\/login/);
  await page.getByRole('navigation', { name: m.nav.main }).getByRole('link', { name: m.nav.account }).click();
  await expect(page.getByRole('heading', { level: 1, name: m.account.title })).toBeVisible();
  await checkPage(page, 'account-profile');

  const name = page.getByLabel(new RegExp(`^${m.account.profile.displayName}`));
  await name.fill('Ana Renamed');
  await page.getByRole('button', { name: m.account.profile.save }).click();
  await expect(page.getByRole('status').filter({ hasText: m.account.profile.saved })).toBeVisible();

  const current = page.getByLabel(new RegExp(`^${m.account.password.current}`));
  const next = page.getByLabel(new RegExp(`^${m.account.password.new}`));
  await current.fill('not my password');
  await next.fill('violet otter canyon drum 19');
  await page.getByRole('button', { name: m.account.password.submit }).click();
  await expect(page.getByText(m.errors.INVALID_CREDENTIALS)).toBeVisible();
  await current.fill(PASSWORD);
  await page.getByRole('button', { name: m.account.password.submit }).click();
  await expect(page.getByRole('status').filter({ hasText: m.account.password.changed })).toBeVisible();

  // Another device signs in with the new password; this one signs it out.
  await login({ email: user.email, password: 'violet otter canyon drum 19' });
  await page.getByRole('link', { name: m.account.nav.sessions }).click();
  const rows = page.getByRole('row');
  await expect(rows).toHaveCount(3); // header, this device, the other one
  await expect(page.getByText(m.account.sessions.current, { exact: true })).toBeVisible();
  await checkPage(page, 'account-sessions');
  await rows
    .filter({ hasNot: page.getByText(m.account.sessions.current, { exact: true }) })
    .getByRole('button')
    .click();
  await expect(rows).toHaveCount(2);
});

test('a user sets up an authenticator app and signs in with its code', async ({ page }) => {
  const user = await newUser();
  await passwordStep(page, user);
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto('/account/security');
  await checkPage(page, 'account-security-off');
  await page.getByRole('button', { name: m.account.security.setUp }).click();
  await expect(page.getByRole('img', { name: m.account.security.qrAlt })).toBeVisible();
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
  const codeField = page.getByLabel(new RegExp(`^${m.account.security.code}`));
  await codeField.fill('000000');
  await page.getByRole('button', { name: m.account.security.confirm }).click();
  await expect(page.getByText(m.errors.SECOND_FACTOR_INVALID)).toBeVisible();
  await codeField.fill(await codeOf(secret));
  await page.getByRole('button', { name: m.account.security.confirm }).click();
  const codes = page.getByRole('list', { name: m.account.security.codesTitle }).getByRole('listitem');
  await expect(codes).toHaveCount(10);
  await checkPage(page, 'account-security-codes');

  // Signing in now takes the password, then a code.
  await page.getByRole('button', { name: m.nav.logout }).first().click();
  await passwordStep(page, user);
  await expect(page.getByRole('heading', { level: 1, name: m.login.secondStep })).toBeVisible();
  await checkPage(page, 'login-second-step');
  const loginCode = page.getByLabel(new RegExp(`^${m.login.code}`));
  await loginCode.fill('000000');
  await page.getByRole('button', { name: m.login.verify }).click();
  await expect(page.getByText(m.errors.SECOND_FACTOR_INVALID)).toBeVisible();
  // The enrolment spent this step's code: the next step's code signs in.
  await loginCode.fill(await codeOf(secret, 1));
  await page.getByRole('button', { name: m.login.verify }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto('/account/security');
  await expect(page.getByText(m.account.security.on_other.replace('{{count}}', '10'))).toBeVisible();
});

test('a guarded action asks for a second factor, then goes on', async ({ page }) => {
  const staff = await newUser('SECRETARIAT');
  // An NGO waiting for vetting.
  const ngoUser = { email: `ngo-${uniq()}@e2e.example`, password: PASSWORD };
  await gql(
    null,
    `mutation($i: RegisterOrganizationInput!) { registerOrganization(input: $i) { accepted errors { code message } } }`,
    {
      i: {
        kind: 'NGO',
        legalName: `Safe Harbour ${uniq()}`,
        country: 'KE',
        email: ngoUser.email,
        displayName: 'Njeri',
        password: PASSWORD,
      },
    },
  );
  const orgId = await organizationOf(ngoUser);
  await setStepUpPolicy(['VET_ORGANIZATION']);
  try {
    // Signed in with the password only, before any second factor exists.
    await passwordStep(page, staff);
    await expect(page).not.toHaveURL(/\/login/);
    await page.goto(`/secretariat/organizations/${encodeURIComponent(orgId)}`);
    await page.getByLabel(new RegExp(`^${m.vet.reason}`)).fill('Registration and references checked.');
    await page.getByRole('button', { name: m.vet.verify }).click();
    const dialog = page.getByRole('dialog', { name: m.stepUp.title });
    await expect(dialog.getByText(m.stepUp.enrolFirst)).toBeVisible();
    await checkPage(page, 'step-up-enrol-first');
    await dialog.getByRole('button', { name: m.stepUp.cancel }).last().click();
    await expect(dialog).toBeHidden();

    // The app is set up from another device: this session has not proven it yet.
    const other = await login({ email: staff.email, password: staff.password });
    const started = await gql<{ startTotpEnrolment: { enrolment: { secret: string } } }>(
      other,
      'mutation { startTotpEnrolment { enrolment { secret } errors { code message } } }',
    );
    const secret = started.startTotpEnrolment.enrolment.secret;
    await gql(
      other,
      'mutation($i: SecondFactorCodeInput!) { confirmTotpEnrolment(input: $i) { recoveryCodes errors { code message } } }',
      { i: { code: await codeOf(secret) } },
    );

    await page.getByRole('button', { name: m.vet.verify }).click();
    await expect(dialog.getByText(m.stepUp.body)).toBeVisible();
    // The modal fades in; axe checks its colours once it is there.
    await page.waitForTimeout(600);
    await checkPage(page, 'step-up-code');
    const code = dialog.getByLabel(new RegExp(`^${m.stepUp.code}`));
    await code.fill('000000');
    await dialog.getByRole('button', { name: m.stepUp.confirm }).click();
    await expect(dialog.getByText(m.errors.SECOND_FACTOR_INVALID)).toBeVisible();
    await code.fill(await codeOf(secret, 1));
    await dialog.getByRole('button', { name: m.stepUp.confirm }).click();
    await expect(dialog).toBeHidden();
    // The vetting went through once the code was proven.
    const r = await gql<{ node: { vettingStatus: string } }>(
      await login(DEMO.admin),
      'query($id: ID!) { node(id: $id) { ... on Organization { vettingStatus } } }',
      { id: orgId },
    );
    expect(r.node.vettingStatus).toBe('VERIFIED');
  } finally {
    await setStepUpPolicy([]);
  }
});
