import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { en } from '../src/i18n/en';
import { es } from '../src/i18n/es';
import { fr } from '../src/i18n/fr';
import { secretariatEn } from '../src/features/secretariat/messages/en';
import { secretariatEs } from '../src/features/secretariat/messages/es';
import { auditEn } from '../src/features/audit/messages/en';
import { auditFr } from '../src/features/audit/messages/fr';
import { checkPage } from './a11y';
import { DEMO, gql, login as apiLogin } from './api';
import { camt053, donorPledge, monthRate } from './staff-api';

/**
 * The fund's money through the secretariat's screens and the auditor's: a wire at the month's rate
 * and one beyond the tolerance that a second member confirms (never its recorder), pledges found
 * by their reference, a partial wire refund, a bank statement reconciled (one proposal confirmed,
 * one rejected), then the auditor's statement, downloads, ledger check and checkpoints. Then some
 * of it in Spanish and in French.
 */

type User = { email: string; password: string };
const m = { ...en, ...secretariatEn, ...auditEn };
const mEs = { ...es, ...secretariatEs };
const mFr = { ...fr, ...auditFr };
const fill = (text: string, values: Record<string, string | number>) =>
  Object.entries(values).reduce((s, [k, v]) => s.replace(`{{${k}}}`, String(v)), text);

async function login(page: Page, user: User, lang = 'en') {
  await page.goto(`/login?lang=${lang}`);
  const t = lang === 'fr' ? fr : lang === 'es' ? es : en;
  await page.getByLabel(t.login.email).fill(user.email);
  await page.getByLabel(new RegExp(`^${t.login.password}`)).fill(user.password);
  await page.getByRole('button', { name: t.login.submit }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

async function choose(page: Page, label: string, option: string | RegExp) {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).first().click();
}

test.describe.serial('the secretariat keeps the fund’s money and the auditor checks it', () => {
  const suffix = Date.now().toString(36).toUpperCase();
  let pledge: { id: string; reference: string };
  let donorName: string;

  test.beforeAll(async () => {
    await monthRate('EUR', '1.10');
    pledge = await donorPledge('5000.00', 'EUR');
    const donor = await apiLogin(DEMO.donor);
    const me = await gql<{ me: { organizations: { legalName: string }[] } }>(
      donor,
      '{ me { organizations { legalName } } }',
    );
    donorName = me.me.organizations[0]!.legalName;
  });

  test('a wire at the month’s rate is posted; one beyond the tolerance waits for a second member', async ({ page }) => {
    await login(page, DEMO.secretariat);
    await page.getByRole('navigation').getByRole('link', { name: m.staffNav.money }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: m.moneyNav.money })).toBeVisible();
    await expect(page.getByTestId('balance-breakdown')).toContainText(m.breakdown.available);
    // The month's rate for GBP, set on the page (EUR's was set through the API).
    const rates = page.getByRole('region', { name: m.rates.title });
    await rates.getByLabel(m.wire.currency).fill('GBP');
    await rates.getByLabel(fill(m.wire.rate, { base: 'USD' })).fill('1.27');
    await rates.getByRole('button', { name: m.rates.save }).click();
    await expect(rates.getByRole('table', { name: m.rates.title })).toContainText('1.27000000');

    await choose(page, m.wire.donor, donorName);
    await choose(page, m.wire.pledge, new RegExp(pledge.reference));
    await page.getByLabel(m.wire.amount).fill('1000.00');
    await page.getByLabel(m.wire.bankReference).fill(`W1-${suffix}`);
    await expect(page.getByTestId('stored-rate')).toContainText('1.10000000');
    await page.getByRole('button', { name: m.wire.submit }).click();
    await expect(page.getByTestId('wire-result')).toContainText(/Wire recorded: €1,000\.00 \(\$1,100\.00\)/);

    // A rate 9 % above the month's: the form says it will wait, and it does.
    await page.getByLabel(m.wire.amount).fill('500.00');
    await page.getByLabel(m.wire.bankReference).fill(`W2-${suffix}`);
    await page.getByLabel(m.wire.givenRate).check();
    await page
      .getByRole('region', { name: m.wire.title })
      .getByLabel(fill(m.wire.rate, { base: 'USD' }))
      .fill('1.2');
    await expect(page.getByTestId('rate-verdict')).toContainText(m.wire.beyond);
    await expect(page.getByTestId('rate-verdict')).toContainText('+9.09%');
    await page.getByRole('button', { name: m.wire.submit }).click();
    await expect(page.getByTestId('wire-result')).toContainText(m.wire.waits);

    // In the queue, the member who recorded it may not decide: the buttons say why.
    const waiting = page.getByTestId('waiting-wire').filter({ hasText: `W2-${suffix}` });
    const confirm = waiting.getByRole('button', { name: m.rateQueue.confirm });
    await expect(confirm).toBeDisabled();
    await expect(confirm).toHaveAccessibleDescription(m.errors.SEPARATION_OF_DUTIES);
    await checkPage(page, 'staff-money');

    await login(page, DEMO.secretariat2);
    await page.goto('/secretariat/money');
    const second = page.getByTestId('waiting-wire').filter({ hasText: `W2-${suffix}` });
    await second.getByLabel(m.rateQueue.comment).fill('The bank advice shows 1.20');
    await second.getByRole('button', { name: m.rateQueue.confirm }).click();
    await expect(page.getByText(m.rateQueue.confirmed)).toBeVisible();
    await expect(page.getByTestId('waiting-wire').filter({ hasText: `W2-${suffix}` })).toHaveCount(0);
  });

  test('the secretariat finds the pledge by its reference and refunds part of a wire', async ({ page }) => {
    await login(page, DEMO.secretariat);
    await page.goto('/secretariat/pledges');
    await page.getByLabel(m.pledgeList.reference).fill(pledge.reference);
    await page.getByRole('button', { name: m.pledgeList.search }).click();
    const rows = page.getByTestId('pledge-row');
    await expect(rows).toHaveCount(1);
    await expect(rows).toContainText(m.pledgeList.statusName.PARTIALLY_PAID);
    await expect(rows).toContainText('€1,500.00'); // paid: both wires
    await checkPage(page, 'staff-pledges');

    await rows.getByRole('link', { name: new RegExp(m.pledgeList.receipts) }).click();
    await expect(page.getByText(fill(m.contributionList.ofPledge, { reference: pledge.reference }))).toBeVisible();
    const wire = page.getByTestId('contribution-row').filter({ hasText: `W1-${suffix}` });
    await wire.getByRole('button', { name: m.refund.open }).click();
    await expect(wire).toContainText(fill(m.refund.left, { amount: '€1,000.00' }));
    // More than is left is refused as it is typed.
    await wire.getByLabel(m.refund.amount).fill('1000.01');
    await expect(wire.getByText(m.refund.overLeft)).toBeVisible();
    await wire.getByLabel(m.refund.amount).fill('100.00');
    await wire.getByLabel(m.refund.reason).fill('Donor sent 100 too much');
    await wire.getByLabel(m.refund.reference).fill(`R1-${suffix}`);
    await checkPage(page, 'staff-refund');
    await wire.getByRole('button', { name: m.refund.submit, exact: true }).click();
    await expect(page.getByText(fill(m.refund.done, { amount: '€100.00' }))).toBeVisible();
    await expect(wire.getByTestId('refunded')).toContainText('€100.00');
  });

  test('a bank statement is imported; one proposal is confirmed as a wire, another rejected', async ({ page }) => {
    const file = test.info().outputPath(`statement-${suffix}.xml`);
    fs.writeFileSync(
      file,
      camt053(`STMT-${suffix}`, 'EUR', [
        { ref: `B1-${suffix}`, amount: '700.00', remittance: `CONTRIBUTION ${pledge.reference}`, debtor: donorName },
        { ref: `B2-${suffix}`, amount: '300.00', remittance: `SECOND PART ${pledge.reference}`, debtor: donorName },
      ]),
    );
    await login(page, DEMO.secretariat);
    await page.goto('/secretariat/reconciliation');
    const chooser = page.waitForEvent('filechooser');
    await page.getByLabel(m.recon.file).click();
    await (await chooser).setFiles(file);
    await page.getByRole('button', { name: m.recon.import, exact: true }).click();
    await expect(page.getByTestId('import-result')).toContainText(fill(m.recon.imported_other, { count: 2 }));

    const first = page.getByTestId('statement-line').filter({ hasText: `B1-${suffix}` });
    await expect(first).toContainText(pledge.reference);
    // The proposal comes with its score and the reasons for it.
    await expect(first.getByTestId('match-score')).toContainText(/Score \d+ \/ 100 \((exact|fuzzy)\)/);
    await expect(first.getByText(m.recon.reasons, { exact: true })).toBeVisible();
    await checkPage(page, 'staff-reconciliation');
    await first.getByRole('button', { name: m.recon.confirm }).click();
    await expect(
      page.getByText(fill(m.recon.confirmed, { status: m.contributionList.statusName.RECEIVED })),
    ).toBeVisible();

    const second = page.getByTestId('statement-line').filter({ hasText: `B2-${suffix}` });
    await second.getByLabel(m.recon.rejectReason).fill('Belongs to another programme');
    await second.getByRole('button', { name: m.recon.reject }).click();
    await expect(page.getByText(m.recon.rejectedDone)).toBeVisible();
    await choose(page, m.recon.status, m.recon.statusName.UNMATCHED);
    await expect(page.getByTestId('statement-line').filter({ hasText: `B2-${suffix}` })).toContainText(
      'Belongs to another programme',
    );
    // The rejected pledge is never proposed again for that credit.
    await page.getByRole('button', { name: m.recon.rematch }).click();
    await expect(page.getByText(fill(m.recon.rematched_other, { count: 0 }))).toBeVisible();
    // Not a donation after all: set aside with its reason, then reopened.
    const rejected = page.getByTestId('statement-line').filter({ hasText: `B2-${suffix}` });
    await rejected.getByLabel(m.recon.ignoreReason).fill('Transfer between the fund’s own accounts');
    await rejected.getByRole('button', { name: m.recon.ignore }).click();
    await expect(page.getByText(m.recon.ignoredDone)).toBeVisible();
    await choose(page, m.recon.status, m.recon.statusName.IGNORED);
    const ignored = page.getByTestId('statement-line').filter({ hasText: `B2-${suffix}` });
    await expect(ignored).toContainText(
      fill(m.recon.ignoredBecause, { reason: 'Transfer between the fund’s own accounts' }),
    );
    await ignored.getByRole('button', { name: m.recon.reopen }).click();
    await expect(page.getByText(m.recon.reopenedDone)).toBeVisible();
  });

  test('the auditor reads the fund statement, downloads it and the ledger, and checks the ledger', async ({ page }) => {
    await login(page, DEMO.auditor);
    await page.getByRole('navigation').getByRole('link', { name: m.staffNav.fundAccounts }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: m.statement.title })).toBeVisible();
    await expect(page.getByTestId('cash-equation')).toContainText(m.statement.equationHolds);
    await expect(page.getByRole('table', { name: m.statement.byDonor })).toContainText(donorName);

    for (const [label, pattern] of [
      [m.downloads.statementCsv, /^section,item,currency,amount/],
      [m.downloads.ledgerCsv, /^seq,value_date,posted_at/],
    ] as const) {
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: label }).click();
      const text = fs.readFileSync((await (await download).path())!, 'utf8');
      expect(text).toMatch(pattern);
    }
    const pdf = page.waitForEvent('download');
    await page.getByRole('button', { name: m.downloads.statementPdf }).click();
    expect(
      fs
        .readFileSync((await (await pdf).path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    await page.getByRole('button', { name: m.ledgerCheck.run }).click();
    await expect(page.getByTestId('ledger-check')).toContainText(m.ledgerCheck.ok);
    await checkPage(page, 'staff-audit-fund');

    await page.goto('/audit');
    await expect(page.getByRole('heading', { name: m.checkpoints.title })).toBeVisible();
  });

  test('in Spanish and French: the money screens and the auditor’s fund page', async ({ page }) => {
    await login(page, DEMO.secretariat, 'es');
    await page.goto('/secretariat/money?lang=es');
    await expect(page.getByRole('heading', { level: 1, name: mEs.moneyNav.money })).toBeVisible();
    await expect(page.getByRole('heading', { name: mEs.rateQueue.title })).toBeVisible();
    await checkPage(page, 'staff-es-money');
    await page.goto('/secretariat/reconciliation?lang=es');
    await expect(page.getByRole('heading', { level: 1, name: mEs.recon.title })).toBeVisible();
    await checkPage(page, 'staff-es-reconciliation');

    await login(page, DEMO.auditor, 'fr');
    await page.goto('/audit/fund?lang=fr');
    await expect(page.getByRole('heading', { level: 1, name: mFr.statement.title })).toBeVisible();
    await page.getByRole('button', { name: mFr.ledgerCheck.run }).click();
    await expect(page.getByTestId('ledger-check')).toContainText(mFr.ledgerCheck.ok);
    await checkPage(page, 'staff-fr-audit-fund');
  });
});
