import { expect, test, type Locator, type Page } from '@playwright/test';
import { en } from '../src/i18n/en';
import { es } from '../src/i18n/es';
import { fr } from '../src/i18n/fr';
import { checkPage } from './a11y';
import { DEMO, gql, login, openCall } from './api';

let callId: string;

test.beforeAll(async () => {
  callId = await openCall('Direct assistance to survivors 2027');
});

test('a visitor reads the fund page, its open call and its statistics', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: /United Nations Voluntary Trust Fund/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Direct assistance to survivors 2027' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'What the fund achieved' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Download 360Giving (JSON)' })).toHaveAttribute(
    'href',
    '/exports/funds/UNVTF/360giving.json',
  );
  await checkPage(page, 'fund-page');

  await page.getByRole('link', { name: 'Direct assistance to survivors 2027' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Direct assistance to survivors 2027' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Apply: register your organisation' })).toBeVisible();
  await checkPage(page, 'call-page');
});

test('a deep link opens the page after a reload, and unknown paths show the portal’s not-found page', async ({
  page,
}) => {
  await page.goto(`/calls/${encodeURIComponent(callId)}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Direct assistance to survivors 2027' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Direct assistance to survivors 2027' })).toBeVisible();
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await checkPage(page, 'not-found');
});

test('a member logs in from a deep link, comes back to it, and is asked to log in again when the session ends', async ({
  page,
}) => {
  await page.goto('/notifications');
  await expect(page).toHaveURL(/\/login\?next=%2Fnotifications/);
  await checkPage(page, 'login');
  await page.getByLabel('E-mail address').fill(DEMO.ngo.email);
  await page.getByLabel(/^Password/).fill('wrong-password-123');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toContainText('The e-mail address or the password is wrong.');
  await page.getByLabel(/^Password/).fill(DEMO.ngo.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
  await expect(page).toHaveURL(/\/notifications$/);
  await expect(page.getByRole('link', { name: 'My applications and grants' })).toBeVisible();

  // The refresh token is an HttpOnly cookie on /auth/refresh only, out of scripts' reach.
  const [cookie] = (await page.context().cookies()).filter((c) => c.name === 'vtf_refresh');
  expect(cookie).toMatchObject({ path: '/auth/refresh', httpOnly: true, secure: true, sameSite: 'Strict' });
  expect(await page.evaluate(() => document.cookie)).not.toContain('vtf_refresh');

  // The API stops accepting the access token (it expired): the portal refreshes it silently with
  // the cookie and the member stays where they were.
  await page.evaluate(() => {
    localStorage.setItem('vtf.session', JSON.stringify({ token: 'expired.token.value', expiresAt: null }));
  });
  await page.goto('/ngo');
  await expect(page.getByRole('heading', { level: 1, name: 'My applications and grants' })).toBeVisible();
  await expect(page).toHaveURL(/\/ngo$/);

  // The session ends on the server (signed out everywhere from another device): the next request
  // sends the user to the login page, which keeps where they were.
  await gql(await login(DEMO.ngo), 'mutation { logoutEverywhere { ended } }');
  await page.goto('/ngo');
  await expect(page).toHaveURL(/\/login\?next=%2Fngo&expired=1/);
  await expect(page.getByText('Your session ended.')).toBeVisible();
  await page.getByLabel('E-mail address').fill(DEMO.ngo.email);
  await page.getByLabel(/^Password/).fill(DEMO.ngo.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My applications and grants' })).toBeVisible();
  await checkPage(page, 'ngo-home');

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Log in' })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
});

test('an NGO registers from a call and is signed in; a known address gets the neutral answer', async ({ page }) => {
  const fill = async (email: string) => {
    await page.goto(`/calls/${encodeURIComponent(callId)}`);
    await page.getByRole('link', { name: 'Apply: register your organisation' }).click();
    await page.getByLabel('Legal name').fill('Lantern Shelter');
    await page.getByRole('combobox', { name: 'Country of registration' }).fill('Kenya');
    await page.getByRole('option', { name: 'Kenya' }).click();
    await page.getByLabel('Your name').fill('Amina');
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel(/^Password/).fill('violet otter canyon drum 19');
    await page.getByRole('button', { name: 'Register' }).click();
  };
  await fill(DEMO.ngo.email);
  await expect(page.getByRole('alert')).toContainText('If this address already has an account, we have e-mailed');
  await checkPage(page, 'register-known-address');

  await fill(`amina-${Date.now()}@lantern.example`);
  await expect(page).toHaveURL(new RegExp(`/ngo/calls/${encodeURIComponent(callId)}/apply$`));
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
});

test('a network failure or a 503 shows a retry, which recovers', async ({ page }) => {
  await page.route('**/graphql', (route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify({ errors: [{ message: 'unavailable', extensions: { code: 'SERVICE_UNAVAILABLE' } }] }),
    }),
  );
  await page.goto('/');
  await expect(page.getByRole('alert')).toContainText('The service cannot be reached');
  await checkPage(page, 'unavailable');
  await page.unroute('**/graphql');
  await page.route('**/graphql', (route) => route.abort('internetdisconnected'));
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
  await page.unroute('**/graphql');
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /United Nations Voluntary Trust Fund/ })).toBeVisible();
});

test('the portal works by keyboard and on a 360 px phone, in French', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/?lang=fr');
  await expect(page.getByRole('heading', { name: 'Appels à propositions ouverts' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await checkPage(page, 'fund-page-fr-phone');

  // The first Tab reaches the skip link, which moves focus to the content.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Aller au contenu' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main')).toBeFocused();

  // The menu opens from the burger by keyboard.
  await page.getByRole('button', { name: 'Ouvrir ou fermer le menu' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('link', { name: 'Le fonds' })).toBeVisible();
});

/** The element is shown and lies wholly inside the window (nothing cut off at either edge). */
async function insideViewport(page: Page, control: Locator): Promise<void> {
  await expect(control).toBeVisible();
  const width = page.viewportSize()?.width ?? 0;
  // Polled: the phone menu slides in.
  await expect
    .poll(async () => {
      const box = await control.boundingBox();
      return box !== null && box.x >= 0 && box.x + box.width <= width;
    })
    .toBe(true);
}

for (const who of ['visitor', 'NGO member'] as const) {
  test(`every header control of a ${who} fits a 360 px phone, in English, French and Spanish`, async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    if (who === 'NGO member') {
      const token = await login(DEMO.ngo);
      await page.addInitScript((t) => {
        localStorage.setItem('vtf.session', JSON.stringify({ token: t, expiresAt: null }));
      }, token);
    }
    for (const [lang, m] of [
      ['en', en],
      ['fr', fr],
      ['es', es],
    ] as const) {
      await page.goto(`/?lang=${lang}`);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      const header = page.getByRole('banner');
      const menu = header.getByRole('button', { name: m.nav.menu });
      for (const control of [
        menu,
        header.getByRole('link', { name: 'VTF Grants' }),
        header.getByLabel(m.nav.language),
      ]) {
        await insideViewport(page, control);
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);

      // The account action and the navigation are in the menu, opened by keyboard.
      await menu.focus();
      await page.keyboard.press('Enter');
      const nav = page.getByRole('navigation', { name: m.nav.main });
      await insideViewport(page, nav.getByRole('link', { name: m.nav.fund }));
      const account =
        who === 'visitor'
          ? nav.getByRole('link', { name: m.nav.login })
          : nav.getByRole('button', { name: m.nav.logout });
      await insideViewport(page, account);
      if (who === 'NGO member') await insideViewport(page, nav.getByRole('link', { name: m.nav.ngoHome }));
      if (lang !== 'en') await checkPage(page, `header-menu-${who === 'visitor' ? 'visitor' : 'ngo'}-${lang}-phone`);
    }
    if (who === 'NGO member') {
      await page.getByRole('navigation').getByRole('button', { name: es.nav.logout }).click();
      await expect(page).toHaveURL(/\/$/);
      await page.getByRole('button', { name: es.nav.menu }).click();
      await expect(page.getByRole('navigation').getByRole('link', { name: es.nav.login })).toBeVisible();
    }
  });
}
