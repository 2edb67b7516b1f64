import { expect, test } from '@playwright/test';
import { en } from '../src/i18n/en';
import { checkPage } from './a11y';
import { DEMO, gql, login } from './api';
import { mailCount, mailTo, resetLinkOf } from './mail';

/**
 * Password reset by e-mail (login → "Forgot your password?" → e-mail → /reset-password#token=…),
 * as a user registered here: the demo users' passwords stay as the other journeys expect them.
 * The link is read from the e2e server's SMTP sink (global-setup.ts).
 */
const OLD_PASSWORD = 'amber falcon ledger quartz 31';
const NEW_PASSWORD = 'copper meadow violin glacier 58';

test('a user who forgot the password asks for a link, sets a new password with it and logs in; the used link is refused', async ({
  page,
}) => {
  const email = `reset-${Date.now()}@reset.example`;
  const admin = await login(DEMO.admin);
  const created = await gql<{ createUser: { errors: unknown[] } }>(
    admin,
    'mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } errors { code } } }',
    { i: { email, displayName: 'Rosa Reset', password: OLD_PASSWORD } },
  );
  expect(created.createUser.errors).toEqual([]);

  // The token must never reach the server in a URL (it is in the fragment; only the mutation carries it).
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));

  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Reset your password' })).toBeVisible();
  await checkPage(page, 'forgot-password');

  // An unknown address gets exactly the answer a known one gets.
  await page.getByLabel('E-mail address').fill(`nobody-${Date.now()}@reset.example`);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByRole('status')).toHaveText(en.forgotPassword.sent);

  const before = mailCount();
  await page.goto('/forgot-password');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByRole('status')).toHaveText(en.forgotPassword.sent);

  const link = resetLinkOf(await mailTo(email, before));
  const token = /#token=(.+)$/.exec(link)![1]!;
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible();
  await checkPage(page, 'reset-password');

  const newPassword = page.getByLabel(/^New password(?! again)/);
  const again = page.getByLabel(/^New password again/);
  const submit = page.getByRole('button', { name: 'Set the new password' });
  await newPassword.fill(NEW_PASSWORD);
  await again.fill('something else entirely 12');
  await submit.click();
  await expect(page.getByText(en.resetPassword.mismatch)).toBeVisible();

  // The API's coded error, in the user's language, next to the field it names.
  await newPassword.fill('weak');
  await again.fill('weak');
  await submit.click();
  await expect(page.getByText(en.errors.WEAK_PASSWORD)).toBeVisible();

  await newPassword.fill(NEW_PASSWORD);
  await again.fill(NEW_PASSWORD);
  await submit.click();
  await expect(page.getByRole('status')).toContainText(en.resetPassword.done);
  await checkPage(page, 'reset-password-done');
  await page.getByRole('status').getByRole('link', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/login$/);

  // The old password no longer works; the new one does.
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel(/^Password/).fill(OLD_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toContainText('The e-mail address or the password is wrong.');
  await page.getByLabel(/^Password/).fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
  expect(urls.filter((u) => u.includes(token))).toEqual([]);
  await page.getByRole('button', { name: 'Log out' }).click();

  // The link works once.
  await page.goto(link);
  await page.getByLabel(/^New password(?! again)/).fill('another strong passphrase 93 kiwi');
  await page.getByLabel(/^New password again/).fill('another strong passphrase 93 kiwi');
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await expect(page.getByRole('alert')).toContainText(en.errors.LINK_INVALID);
  await checkPage(page, 'reset-password-link-invalid');
  await page.getByRole('alert').getByRole('link', { name: 'Ask for a new link' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);

  // A made-up token is refused the same way; no token at all is said before any request.
  await page.goto(`/reset-password#token=${'B'.repeat(43)}`);
  await page.getByLabel(/^New password(?! again)/).fill(NEW_PASSWORD);
  await page.getByLabel(/^New password again/).fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await expect(page.getByRole('alert')).toContainText(en.errors.LINK_INVALID);
  await page.goto('/reset-password');
  await expect(page.getByRole('alert')).toContainText(en.resetPassword.noToken);
});
