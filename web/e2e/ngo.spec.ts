import { expect, test, type Page } from '@playwright/test';
import { en } from '../src/i18n/en';
import { es } from '../src/i18n/es';
import { ngoEn } from '../src/features/ngo/messages/en';
import { ngoEs } from '../src/features/ngo/messages/es';
import { checkPage } from './a11y';
import { mailTo, verifyLinkOf } from './mail';
import { DEMO, openCall } from './api';
import {
  acceptReport,
  awardState,
  boardApproves,
  fundCash,
  organizationOf,
  payTranche,
  recommend,
  requestInfo,
  requestTranche,
  requestRevision,
  vet,
} from './ngo-api';

/**
 * An NGO's whole journey, in English on a desktop and in Spanish on a 360 px phone: it registers
 * from a call, gives its bank details, is vetted, applies (autosaved draft, budget checked live,
 * refusals beside their fields), answers a request for information, is awarded, reports with
 * its counts and spending, answers a revision request and sees its next tranche requested.
 */
for (const { lang, m, phone } of [
  { lang: 'en', m: { ...en, ...ngoEn }, phone: false },
  { lang: 'es', m: { ...es, ...ngoEs }, phone: true },
] as const) {
  test.describe.serial(`an NGO's journey (${lang}${phone ? ', 360 px phone' : ''})`, () => {
    const suffix = `${lang}-${Date.now().toString(36)}`;
    const user = { email: `amina.${suffix}@lagos-ngo.example`, password: 'Correct-Horse-Battery-42' };
    const callTitle = `Direct assistance to survivors (${suffix})`;
    let callId: string;
    let applicationUrl: string;
    let awardUrl: string;
    let reportUrl: string;

    test.beforeAll(async () => {
      callId = await openCall(callTitle);
    });

    async function open(page: Page, path: string) {
      if (phone) await page.setViewportSize({ width: 360, height: 740 });
      await page.goto(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
    }

    async function noHorizontalScroll(page: Page) {
      if (!phone) return;
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    }

    /** Through the navigation, which a phone shows behind its menu button. */
    async function navigate(page: Page, name: string | RegExp) {
      if (phone) await page.getByRole('button', { name: m.nav.menu }).click();
      await page.getByRole('navigation').getByRole('link', { name }).first().click();
    }

    async function login(page: Page) {
      await open(page, '/login');
      await page.getByLabel(m.login.email).fill(user.email);
      await page.getByLabel(new RegExp(`^${m.login.password}`)).fill(user.password);
      await page.getByRole('button', { name: m.login.submit }).click();
      await expect(page).not.toHaveURL(/\/login/);
    }

    async function pick(page: Page, label: string, option: string) {
      await page.getByRole('combobox', { name: label }).fill(option);
      await page.getByRole('option', { name: option, exact: true }).click();
    }

    test('registers from the call and starts a draft', async ({ page }) => {
      await open(page, `/calls/${encodeURIComponent(callId)}`);
      await page.getByRole('link', { name: m.call.applyRegister }).click();
      await page.getByLabel(m.register.legalName).fill(`Lagos Survivors Network ${suffix}`);
      await pick(page, m.register.country, 'Nigeria');
      await page.getByLabel(m.register.displayName).fill('Amina Bello');
      await page.getByLabel(m.register.email).fill(user.email);
      await page.getByLabel(new RegExp(`^${m.register.password}`)).fill(user.password);
      await page.getByRole('button', { name: m.register.submit }).click();

      await expect(page.getByRole('heading', { level: 1, name: m.apply.title })).toBeVisible();
      await checkPage(page, `ngo-${lang}-apply`);
      await page.getByLabel(m.appForm.projectTitle).fill('Safe Harbour shelters');
      await page.getByRole('button', { name: m.apply.start }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Safe Harbour shelters' })).toBeVisible();
      applicationUrl = new URL(page.url()).pathname;

      // Drafting needs no confirmed address; submitting does. The e-mail's link confirms it.
      await expect(page.getByText(m.verifyBanner.title, { exact: true })).toBeVisible();
      const link = verifyLinkOf(await mailTo(user.email));
      await page.goto(link.replace('#', `?lang=${lang}#`));
      await expect(page.getByText(m.verifyEmail.done)).toBeVisible();
      await page.getByRole('link', { name: m.verifyEmail.continue }).click();
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.getByText(m.verifyBanner.title, { exact: true })).toHaveCount(0);
    });

    test('gives its bank details, pending until the secretariat confirms them', async ({ page }) => {
      await login(page);
      await open(page, '/ngo');
      await navigate(page, m.nav.organization);
      await expect(page.getByRole('heading', { level: 1, name: m.org.title })).toBeVisible();
      // Nigeria has no IBAN: an account number with its SWIFT/BIC.
      await page.getByRole('radio', { name: m.org.bank.kindNumber }).check();
      await page.getByRole('textbox', { name: m.org.bank.accountNumber }).fill('0123456789');
      await page.getByRole('textbox', { name: m.org.bank.bankName }).fill('Guaranty Trust Bank');
      await page.getByRole('textbox', { name: m.org.bank.swift }).fill('GTBINGL');
      await page.getByRole('button', { name: m.org.bank.save }).click();
      await expect(page.getByText(m.org.bank.swiftFormat)).toBeVisible();
      await page.getByRole('textbox', { name: m.org.bank.swift }).fill('GTBINGLA');
      await pick(page, m.org.bank.bankCountry, 'Nigeria');
      await page.getByRole('button', { name: m.org.bank.save }).click();
      await expect(page.getByText(m.org.bank.pendingTitle)).toBeVisible();
      await expect(page.getByText(m.org.bank.status.PENDING_CONFIRMATION, { exact: true })).toBeVisible();
      await checkPage(page, `ngo-${lang}-organization`);
      await noHorizontalScroll(page);

      // The secretariat vets the organisation, which confirms its first bank account.
      await vet(await organizationOf(user));
      await page.reload();
      await expect(page.getByText(m.org.bank.status.CONFIRMED, { exact: true })).toBeVisible();
      await expect(page.getByText(m.vetting.VERIFIED, { exact: true })).toBeVisible();
    });

    test('fills the draft: saved as it types, the budget checked live, every refusal beside its field', async ({
      page,
    }) => {
      await login(page);
      await open(page, applicationUrl);
      await page.getByLabel(m.appForm.summary).fill('Shelter, medical care and legal aid for 120 survivors in Lagos.');
      await page.getByLabel(m.appForm.requestedAmount.replace('{{currency}}', 'USD')).fill('30000');
      await page.getByLabel(m.appForm.durationMonths).fill('36');
      await page.getByRole('button', { name: m.appForm.budget.add }).click();
      await page.getByLabel(m.appForm.budget.categoryOf.replace('{{n}}', '1'), { exact: true }).fill('Shelter');
      await page.getByLabel(m.appForm.budget.amountOf.replace('{{n}}', '1')).fill('20000');
      await expect(page.getByTestId('budget-total')).toContainText(/10[.,\s\u202f]?000/);
      await expect(page.getByTestId('autosave')).toHaveText(m.appPage.autosave.saved);

      // The API's refusals, each beside its field, in the user's language; submit waits.
      await expect(page.getByLabel(m.appForm.durationMonths)).toHaveAccessibleDescription(
        m.errors.DURATION_OUT_OF_RANGE,
      );
      await expect(page.getByRole('alert').filter({ hasText: m.errors.BUDGET_MISMATCH })).toBeVisible();
      // Submit is refused, disabled with the API's reason (the first rule it fails) beside it.
      const submit = page.getByRole('button', { name: m.appPage.submit });
      await expect(submit).toBeDisabled();
      await expect(submit).toHaveAccessibleDescription(m.errors.DURATION_OUT_OF_RANGE);
      await checkPage(page, `ngo-${lang}-application-draft`);
      await noHorizontalScroll(page);

      await page.getByLabel(m.appForm.durationMonths).fill('12');
      await page.getByRole('button', { name: m.appForm.budget.add }).click();
      await page.getByLabel(m.appForm.budget.categoryOf.replace('{{n}}', '2'), { exact: true }).fill('Legal aid');
      await page.getByLabel(m.appForm.budget.amountOf.replace('{{n}}', '2')).fill('10000');
      await expect(page.getByTestId('budget-total')).toContainText(
        m.appForm.budget.balanced.split('{{total}}')[0]!.trim(),
      );
      await page.getByRole('button', { name: m.appForm.targets.add }).click();
      await page.getByLabel(m.appForm.targets.countOf.replace('{{n}}', '1')).fill('120');
      await expect(page.getByTestId('autosave')).toHaveText(m.appPage.autosave.saved);
      await expect(page.getByText(m.errors.BUDGET_MISMATCH)).toHaveCount(0);
      await expect(page.getByRole('button', { name: m.appPage.submit })).toBeEnabled();

      // Reloaded, the draft is what was typed: the autosave kept it.
      await page.reload();
      await expect(page.getByLabel(m.appForm.budget.amountOf.replace('{{n}}', '2'))).toHaveValue('10000.00');
      await page.getByRole('button', { name: m.appPage.submit }).click();
      await expect(page.getByText(m.application.status.SUBMITTED, { exact: true })).toBeVisible();
      await expect(page.getByRole('button', { name: m.appPage.submit })).toHaveCount(0);
      await checkPage(page, `ngo-${lang}-application-submitted`);
    });

    test('answers a request for information, the changes highlighted', async ({ page }) => {
      const applicationId = decodeURIComponent(applicationUrl.split('/').pop()!);
      await requestInfo(applicationId, 'How many of the 120 survivors are children? Please say in the summary.');
      await login(page);
      await open(page, applicationUrl);
      await expect(page.getByText(m.appPage.infoRequested)).toBeVisible();
      await expect(page.getByText('How many of the 120 survivors are children?')).toBeVisible();
      await page
        .getByLabel(m.appForm.summary)
        .fill('Shelter, medical care and legal aid for 120 survivors in Lagos, 40 of them children.');
      await expect(page.getByText(m.appForm.changed, { exact: true })).toHaveCount(1);
      await expect(page.getByTestId('autosave')).toHaveText(m.appPage.autosave.saved);
      await checkPage(page, `ngo-${lang}-application-info-requested`);
      await page.getByRole('button', { name: m.appPage.resubmit }).click();
      await expect(page.getByText(m.application.status.SUBMITTED, { exact: true })).toBeVisible();
      await expect(page.getByText(m.appPage.changedField.replace('{{field}}', m.appForm.summary))).toBeVisible();
    });

    test('is awarded and sees the decision with its grant', async ({ page }) => {
      const applicationId = decodeURIComponent(applicationUrl.split('/').pop()!);
      await fundCash('100000.00');
      await recommend(applicationId, '30000.00');
      await boardApproves(applicationId);
      await login(page);
      await open(page, applicationUrl);
      await expect(page.getByText(m.appPage.decisionText.AWARDED)).toBeVisible();
      await checkPage(page, `ngo-${lang}-application-awarded`);
      await page.getByRole('link', { name: m.appPage.openAward }).click();
      await expect(page.getByRole('heading', { level: 2, name: m.grant.tranches })).toBeVisible();
      await expect(page.getByTestId('tranche-1')).toContainText(m.grant.trancheStatus.SCHEDULED);
      await expect(page.getByTestId('tranche-2')).toContainText(m.grant.reportKind.INTERIM);
      await checkPage(page, `ngo-${lang}-award`);
      await noHorizontalScroll(page);
      awardUrl = new URL(page.url()).pathname;
    });

    test('reports with its counts and spending, checked as it types', async ({ page }) => {
      const awardId = decodeURIComponent(awardUrl.split('/').pop()!);
      const first = (await awardState(awardId)).tranches.find((t) => t.number === 1)!;
      await payTranche(first.id);
      await login(page);
      await open(page, awardUrl);
      await expect(page.getByTestId('tranche-1')).toContainText(m.grant.trancheStatus.PAID);
      await page
        .getByRole('link', { name: new RegExp(m.grant.reportKind.INTERIM) })
        .first()
        .click();
      await expect(page.getByRole('heading', { level: 1, name: m.grant.reportKind.INTERIM })).toBeVisible();

      await page
        .getByLabel(m.report.narrative)
        .fill('Opened two shelters; 25 survivors assisted, 10 of them children.');
      await page.getByRole('textbox', { name: m.report.counts.total, exact: true }).fill('25');
      await page.getByRole('textbox', { name: m.stats.keys.sex.FEMALE, exact: true }).fill('18');
      await page.getByRole('textbox', { name: m.stats.keys.sex.MALE, exact: true }).fill('6');
      // 24 of 25: said at once, beside the breakdown.
      await expect(page.getByTestId('sum-bySex')).toHaveText(
        m.report.counts.sumMismatch.replace('{{sum}}', '24').replace('{{total}}', '25'),
      );
      await page.getByRole('textbox', { name: m.stats.keys.sex.MALE, exact: true }).fill('7');
      await expect(page.getByTestId('sum-bySex')).toHaveText(
        m.report.counts.addsUp.replace('{{sum}}', '25').replace('{{total}}', '25'),
      );
      await page.getByRole('textbox', { name: m.stats.keys.age.CHILD, exact: true }).fill('10');
      await page.getByRole('textbox', { name: m.stats.keys.age.ADULT, exact: true }).fill('15');
      await page.getByRole('textbox', { name: m.stats.keys.exploitation.SEXUAL_EXPLOITATION, exact: true }).fill('15');
      await page.getByRole('textbox', { name: m.stats.keys.exploitation.FORCED_LABOUR, exact: true }).fill('10');
      await pick(page, m.report.counts.nationalityOf.replace('{{n}}', '1'), 'Nigeria');
      await page.getByLabel(m.report.counts.nationalityCountOf.replace('{{n}}', '1')).fill('20');
      await page.getByRole('button', { name: m.report.counts.addNationality }).click();
      await pick(page, m.report.counts.nationalityOf.replace('{{n}}', '2'), 'Ghana');
      await page.getByLabel(m.report.counts.nationalityCountOf.replace('{{n}}', '2')).fill('5');
      await page.getByRole('textbox', { name: m.stats.keys.assistance.SHELTER, exact: true }).fill('26');
      await expect(page.getByText(m.report.counts.aboveTotal.replace('{{total}}', '25'))).toBeVisible();
      await page.getByRole('textbox', { name: m.stats.keys.assistance.SHELTER, exact: true }).fill('25');
      await page.getByRole('textbox', { name: m.stats.keys.assistance.LEGAL, exact: true }).fill('12');
      await page.getByLabel(m.report.spending.spentOn.replace('{{category}}', 'Shelter')).fill('12000');
      await page.getByLabel(m.report.spending.spentOn.replace('{{category}}', 'Legal aid')).fill('3000.50');
      await checkPage(page, `ngo-${lang}-report-form`);
      await noHorizontalScroll(page);
      await page.getByRole('button', { name: m.report.submit }).click();
      await expect(page.getByText(m.grant.reportStatus.SUBMITTED, { exact: true })).toBeVisible();
      await expect(page.getByText(m.report.versionLine.split('{{version}}')[0] + '1')).toBeVisible();
      reportUrl = new URL(page.url()).pathname;
    });

    test('revises the report when asked, and sees the next tranche requested once it is accepted', async ({ page }) => {
      const reportId = decodeURIComponent(reportUrl.split('/').pop()!);
      await requestRevision(reportId, 'Please split the spending on shelter between rent and staff in the narrative.');
      await login(page);
      await open(page, reportUrl);
      await expect(page.getByText(m.report.revisionRequested)).toBeVisible();
      await expect(
        page.getByText('Please split the spending on shelter between rent and staff in the narrative.', {
          exact: true,
        }),
      ).toBeVisible();
      // The form starts from the version sent: only what was asked changes.
      await expect(page.getByRole('textbox', { name: m.report.counts.total, exact: true })).toHaveValue('25');
      await page
        .getByLabel(m.report.narrative)
        .fill('Opened two shelters (rent 8000, staff 4000); 25 survivors assisted, 10 of them children.');
      await checkPage(page, `ngo-${lang}-report-revision`);
      await page.getByRole('button', { name: m.report.resubmit }).click();
      await expect(page.getByText(m.report.versionLine.split('{{version}}')[0] + '2')).toBeVisible();

      await acceptReport(reportId);
      const awardId = decodeURIComponent(awardUrl.split('/').pop()!);
      const second = (await awardState(awardId)).tranches.find((t) => t.number === 2)!;
      await requestTranche(second.id);
      await open(page, awardUrl);
      await expect(page.getByTestId('tranche-2')).toContainText(m.grant.trancheStatus.REQUESTED);
      await expect(page.getByTestId('tranche-2')).toContainText(m.grant.reportStatus.ACCEPTED);
      await checkPage(page, `ngo-${lang}-award-next-tranche`);

      await navigate(page, new RegExp(m.nav.notifications));
      await expect(page.getByRole('heading', { level: 1, name: m.notifications.title })).toBeVisible();
      await checkPage(page, `ngo-${lang}-notifications`);
    });
  });
}

test('an NGO withdraws its draft; the application then offers no action', async ({ page }) => {
  const callId = await openCall(`Reintegration grants ${Date.now().toString(36)}`);
  await page.goto('/login');
  await page.getByLabel(en.login.email).fill(DEMO.ngo.email);
  await page.getByLabel(new RegExp(`^${en.login.password}`)).fill(DEMO.ngo.password);
  await page.getByRole('button', { name: en.login.submit }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto(`/calls/${encodeURIComponent(callId)}`);
  await page.getByRole('link', { name: en.call.apply }).click();
  await page.getByLabel(ngoEn.appForm.projectTitle).fill('Back to school');
  await page.getByRole('button', { name: ngoEn.apply.start }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Back to school' })).toBeVisible();
  await page.getByRole('button', { name: ngoEn.appPage.withdraw }).click();
  const dialog = page.getByRole('dialog', { name: ngoEn.appPage.withdrawTitle });
  await dialog.getByLabel(ngoEn.appPage.withdrawReason).fill('Funded by another donor.');
  await checkPage(page, 'ngo-withdraw-dialog');
  await dialog.getByRole('button', { name: ngoEn.appPage.withdrawDo }).click();
  await expect(page.getByText(ngoEn.appPage.decisionText.WITHDRAWN)).toBeVisible();
  await expect(page.getByText(en.application.status.WITHDRAWN, { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: ngoEn.appPage.submit })).toHaveCount(0);
  await expect(page.getByRole('button', { name: ngoEn.appPage.withdraw })).toHaveCount(0);
  // Back on the call, "apply" leads to the same (withdrawn) application, not a second one.
  await page.goto(`/ngo/calls/${encodeURIComponent(callId)}/apply`);
  await expect(page.getByRole('heading', { level: 1, name: 'Back to school' })).toBeVisible();
});
