import { expect, test } from '@playwright/test';
import { en } from '../src/i18n/en';
import { fr } from '../src/i18n/fr';
import { checkPage } from './a11y';
import { gql } from './api';
import { mailCount, mailTo, verifyLinkOf } from './mail';

/**
 * E-mail confirmation (issue 13): a newly registered user sees what waits for the confirmation
 * (in French, then English), asks for a new link too soon and is told to wait, confirms with the
 * link from the e-mail, and the used link is refused. The links come from the e2e SMTP sink.
 */
const PASSWORD = 'amber falcon ledger quartz 31';

test('a new user confirms the e-mail address with the link from the e-mail; a used link is refused', async ({
  page,
}) => {
  const email = `confirm-${Date.now()}@verify.example`;
  const before = mailCount();
  await gql(
    null,
    'mutation($i: RegisterOrganizationInput!) { registerOrganization(input: $i) { accepted errors { code } } }',
    {
      i: {
        kind: 'NGO',
        legalName: `Confirm Shelter ${Date.now()}`,
        country: 'KE',
        email,
        displayName: 'Wanjiru Confirm',
        password: PASSWORD,
        preferredLanguage: 'FR',
      },
    },
  );
  const first = await mailTo(email, before);
  expect(first).toMatch(/Subject: =\?UTF-8\?Q\?Confirmez|Subject: Confirmez/);
  const firstLink = verifyLinkOf(first);

  // The token must never reach the server in a URL (it is in the fragment; only the mutation carries it).
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));

  await page.goto('/login?lang=fr');
  await page.getByLabel(fr.login.email).fill(email);
  await page.getByLabel(new RegExp(`^${fr.login.password}`)).fill(PASSWORD);
  await page.getByRole('button', { name: fr.login.submit }).click();
  await expect(page.getByText(fr.verifyBanner.title, { exact: true })).toBeVisible();
  await checkPage(page, 'verify-banner-fr');

  await page.goto('/ngo?lang=en');
  await expect(page.getByText(en.verifyBanner.title, { exact: true })).toBeVisible();
  // The registration's link left a moment ago: a new one is refused for a minute, and the user told to wait.
  await page.getByRole('button', { name: en.verifyBanner.resend }).click();
  await expect(page.getByRole('status').filter({ hasText: en.verifyBanner.wait })).toBeVisible();
  await checkPage(page, 'verify-banner');

  await page.goto(firstLink.replace('#', '?lang=en#'));
  await expect(page.getByText(en.verifyEmail.done)).toBeVisible();
  await checkPage(page, 'verify-email-done');
  await page.getByRole('link', { name: en.verifyEmail.continue }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByText(en.verifyBanner.title, { exact: true })).toHaveCount(0);

  // Used once: the same link is refused.
  await page.goto(firstLink.replace('#', '?lang=en#'));
  await expect(page.getByRole('heading', { level: 1, name: en.verifyEmail.title })).toBeVisible();
  await expect(page.getByText(en.errors.LINK_INVALID)).toBeVisible();
  await checkPage(page, 'verify-email-invalid');

  const token = /#token=(.+)$/.exec(firstLink)![1]!;
  expect(urls.filter((u) => u.includes(token))).toEqual([]);
});
