import { expect, test, type Page } from '@playwright/test';
import { en } from '../src/i18n/en';
import { es } from '../src/i18n/es';
import { fr } from '../src/i18n/fr';
import { secretariatEn } from '../src/features/secretariat/messages/en';
import { boardEn } from '../src/features/board/messages/en';
import { boardFr } from '../src/features/board/messages/fr';
import { adminEn } from '../src/features/admin/messages/en';
import { dashboardEn } from '../src/features/dashboard/messages/en';
import { dashboardEs } from '../src/features/dashboard/messages/es';
import { checkPage } from './a11y';
import { DEMO, openCall } from './api';
import { awardState, boardApproves, fundCash, recommend } from './ngo-api';
import { submittedApplication } from './staff-api';
import {
  newUser,
  ngoSubmitsReport,
  proposeAmendment,
  submittedLargeApplication,
  trusteeDeclaresConflict,
} from './staff-board-api';

/**
 * The staff screens around the grant cycle: the secretariat sends a report back with a message and
 * waives an audit report with a reason; a trustee votes on an amendment that lowers an award; the
 * board pack shows what awaits a decision, with scores and conflicts (and hides the reviews from the
 * conflicted trustee, in French); the administrator searches users, grants and revokes a role for a
 * fund, switches an account off and on, and edits the fund's policy; the dashboard in Spanish.
 */

type User = { email: string; password: string };
const m = { ...en, ...secretariatEn, ...boardEn, ...adminEn, ...dashboardEn };
const mFr = { ...fr, ...boardFr };
const mEs = { ...es, ...dashboardEs };
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

test.describe.serial('the staff screens around the grant cycle', () => {
  const suffix = Date.now().toString(36);
  const packTitle = `Safe Harbour shelters (pack ${suffix})`;
  const packCall = `Direct assistance (board pack ${suffix})`;
  const grantTitle = `Safe houses in Cebu (${suffix})`;
  const grantCall = `Reintegration (grants ${suffix})`;
  const interimNarrative = `First quarter in Cebu (${suffix}).`;
  let packApplicationId: string;
  let awardId: string;

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    await fundCash('300000.00');
    // An application awaiting the board's decision: reviewed by trustee 1, trustee 4 conflicted.
    const call1 = await openCall(packCall);
    packApplicationId = await submittedApplication(call1, packTitle);
    await recommend(packApplicationId, '28000.00');
    await trusteeDeclaresConflict(4, packApplicationId, 'Sits on the organisation’s advisory council');
    // A grant of 50,000 (it owes an audit report) with a submitted interim report and an amendment.
    const call2 = await openCall(grantCall);
    const app2 = await submittedLargeApplication(call2, grantTitle);
    await recommend(app2, '50000.00');
    awardId = await boardApproves(app2);
    const interim = (await awardState(awardId)).reports.find((r) => r.kind === 'INTERIM');
    if (!interim) throw new Error('no interim report');
    await ngoSubmitsReport(interim.id, interimNarrative);
    await proposeAmendment(awardId, 5000, 'Second safe house opens later: its last months are not needed.');
  });

  test('the secretariat sends a report back with a message and waives the audit report with a reason', async ({
    page,
  }) => {
    await login(page, DEMO.secretariat);
    await page.goto('/secretariat');
    const toReview = page.getByTestId('inbox-REPORT_TO_REVIEW');
    await toReview.getByRole('link', { name: grantTitle }).click();
    const interimName = fill(m.disb.reportName, { kind: m.disb.reportKind.INTERIM, date: '' }).trim();
    await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^${interimName}`) })).toBeVisible();
    await expect(page.getByText(interimNarrative)).toBeVisible();
    // Only an audit report may be waived: the button says why not.
    const waive = page.getByRole('button', { name: m.reportReview.waive });
    await expect(waive).toBeDisabled();
    await expect(page.getByText(en.errors.INVALID_STATE).first()).toBeVisible();
    const sendBack = page.getByRole('button', { name: m.reportReview.requestRevision });
    await expect(sendBack).toBeDisabled();
    await page.getByLabel(m.reportReview.comments).fill('Please add the nationality of the survivors in Davao.');
    await checkPage(page, 'staff-report-review');
    await sendBack.click();
    await expect(page.getByRole('status').filter({ hasText: m.reportReview.revisionSent })).toBeVisible();
    await expect(page.getByTestId('report-status')).toHaveText(m.disb.reportStatus.REVISION_REQUESTED);
    // The message is sent (the history shows it) and the form is empty again.
    await expect(page.getByText(/: Please add the nationality of the survivors in Davao\.$/)).toBeVisible();
    await expect(page.getByLabel(m.reportReview.comments)).toHaveValue('');
    // Accepting is no longer possible: the report waits for the organisation.
    await expect(page.getByRole('button', { name: m.disb.acceptReport })).toBeDisabled();

    // The award's reports link to their review; the audit report is waived with its reason.
    await page.getByRole('link', { name: grantTitle }).click();
    const audit = page.getByTestId('report-AUDIT');
    await audit.getByRole('link', { name: m.reportReview.review }).click();
    await page.getByLabel(m.reportReview.reason).fill('Covered by the organisation’s statutory audit for the year.');
    await page.getByRole('button', { name: m.reportReview.waive }).click();
    await expect(page.getByTestId('report-status')).toHaveText(m.disb.reportStatus.WAIVED);
    await expect(page.getByText(/Covered by the organisation’s statutory audit for the year\./).first()).toBeVisible();
    await checkPage(page, 'staff-report-waived');
  });

  test('a trustee votes on an amendment that lowers an award, then sees why a second vote is refused', async ({
    page,
  }) => {
    await login(page, DEMO.trustees[1]!);
    await page.getByRole('navigation').getByRole('link', { name: en.staffBoardNav.amendments }).click();
    await expect(page.getByRole('heading', { level: 1, name: m.amend.title })).toBeVisible();
    const card = page.getByTestId('amendment').filter({ hasText: grantTitle });
    await expect(card.getByText(/45,000\.00/)).toBeVisible();
    await expect(card.getByText(fill(m.amend.decrease, { amount: '$5,000.00' }))).toBeVisible();
    await card.getByRole('radio', { name: m.vote.choice.APPROVE }).check();
    await card.getByLabel(m.vote.reason).fill('The shorter schedule matches the work.');
    await checkPage(page, 'staff-amendment-vote');
    await card.getByRole('button', { name: m.vote.cast }).click();
    await expect(page.getByRole('status').filter({ hasText: m.amend.recorded })).toBeVisible();
    await expect(card.getByRole('button', { name: m.vote.cast })).toBeDisabled();
    await expect(card.getByText(en.errors.ALREADY_VOTED)).toBeVisible();
    await expect(
      card.getByText(new RegExp(`^${fill(m.amend.approvalsLine, { approvals: 1, required: '\\d+' })}$`)),
    ).toBeVisible();
  });

  test('the board pack shows what awaits a decision, with scores and declared conflicts', async ({ page }) => {
    await login(page, DEMO.trustees[0]!);
    await page.getByRole('navigation').getByRole('link', { name: en.staffBoardNav.pack }).click();
    await expect(page).toHaveURL(/\/board\/pack/);
    await page
      .getByRole('combobox', { name: m.pack.call })
      .selectOption({ label: `${packCall} (${en.call.status.OPEN})` });
    await expect(page.getByRole('heading', { level: 1, name: fill(m.pack.titleOf, { call: packCall }) })).toBeVisible();
    const entry = page.getByTestId('pack-application').filter({ hasText: packTitle });
    await expect(entry.getByText(/Tara Trustee: weighted total/)).toBeVisible();
    await expect(entry.getByTestId('pack-conflicts')).toContainText('Sits on the organisation’s advisory council');
    await expect(page.getByRole('button', { name: m.pack.print })).toBeEnabled();
    await checkPage(page, 'staff-board-pack');
  });

  test('in French, the conflicted trustee’s pack hides that application’s reviews and says why', async ({ page }) => {
    await login(page, DEMO.trustees[3]!, 'fr');
    await page.goto(`/board/pack?lang=fr`);
    await page
      .getByRole('combobox', { name: mFr.pack.call })
      .selectOption({ label: `${packCall} (${fr.call.status.OPEN})` });
    const entry = page.getByTestId('pack-application').filter({ hasText: packTitle });
    await expect(entry.getByText(mFr.vote.confidential)).toBeVisible();
    await expect(entry.getByText(/weighted total|note pondérée/i)).toHaveCount(0);
    await checkPage(page, 'staff-fr-board-pack-conflicted');
  });

  test('the administrator finds a user, grants and revokes a role for the fund, and switches the account off and on', async ({
    page,
  }) => {
    const email = await newUser('Noor Newcomer');
    await login(page, DEMO.admin);
    await page.getByRole('navigation').getByRole('link', { name: en.staffBoardNav.users }).click();
    // One's own account cannot be switched off: the button says why.
    await page.getByLabel(m.admin.users.search).fill('admin@demo');
    await page.getByRole('button', { name: m.admin.users.find }).click();
    await expect(page.getByTestId('users-count')).toHaveText(fill(m.admin.users.count_one, { count: 1 }));
    await expect(
      page.getByRole('button', { name: fill(m.admin.users.deactivateLabel, { name: 'Ada Admin' }) }),
    ).toBeDisabled();

    await page.getByLabel(m.admin.users.search).fill(email);
    await page.getByRole('button', { name: m.admin.users.find }).click();
    const card = page.getByTestId('user-card').filter({ hasText: email });
    await expect(card.getByText(m.admin.users.noRoles)).toBeVisible();
    await card.getByLabel(m.admin.users.role).selectOption(m.admin.role.BOARD_MEMBER);
    // A trustee sits on one fund: granting waits for the fund.
    const grant = card.getByRole('button', { name: fill(m.admin.users.grantLabel, { name: 'Noor Newcomer' }) });
    await expect(grant).toBeDisabled();
    await card.getByLabel(m.admin.users.fund).selectOption({ index: 1 });
    await checkPage(page, 'staff-admin-users');
    await grant.click();
    await expect(card.getByText(new RegExp(`^${m.admin.role.BOARD_MEMBER} for `))).toBeVisible();
    await card.getByRole('button', { name: /^Revoke / }).click();
    await expect(card.getByText(m.admin.users.noRoles)).toBeVisible();

    await card.getByRole('button', { name: fill(m.admin.users.deactivateLabel, { name: 'Noor Newcomer' }) }).click();
    await expect(card.getByText(m.admin.users.inactive, { exact: true })).toBeVisible();
    await card.getByRole('button', { name: fill(m.admin.users.reactivateLabel, { name: 'Noor Newcomer' }) }).click();
    await expect(card.getByText(m.admin.users.active, { exact: true })).toBeVisible();
  });

  test('the administrator edits the fund’s policy, held to a tranche split that makes 100', async ({ page }) => {
    await login(page, DEMO.admin);
    await page.getByRole('navigation').getByRole('link', { name: en.staffBoardNav.funds }).click();
    const weights = page.getByLabel(m.admin.funds.trancheWeights);
    const original = await weights.inputValue();
    await weights.fill('50, 40');
    await expect(page.getByText(m.admin.funds.problem.weightsSum)).toBeVisible();
    await expect(page.getByRole('button', { name: m.admin.funds.save })).toBeDisabled();
    await weights.fill(original);
    const tolerance = page.getByLabel(m.admin.funds.fxTolerance);
    await tolerance.fill('3');
    await checkPage(page, 'staff-admin-fund-policy');
    await page.getByRole('button', { name: m.admin.funds.save }).click();
    await expect(page.getByText(m.admin.funds.saved)).toBeVisible();
    await page.reload();
    await expect(page.getByLabel(m.admin.funds.fxTolerance)).toHaveValue('3 %');
    // Back to the fund's 2 % for the other journeys.
    await page.getByLabel(m.admin.funds.fxTolerance).fill('2');
    await page.getByRole('button', { name: m.admin.funds.save }).click();
    await expect(page.getByText(m.admin.funds.saved)).toBeVisible();
  });

  test('the secretariat’s dashboard: money, the pipeline per call and the reports', async ({ page }) => {
    await login(page, DEMO.secretariat);
    await page.getByRole('navigation').getByRole('link', { name: en.staffBoardNav.dashboard }).click();
    await expect(page.getByRole('heading', { level: 1, name: m.dashboard.title })).toBeVisible();
    await expect(page.getByTestId('dash-available')).toBeVisible();
    const pipeline = page.getByTestId('dash-pipeline');
    const row = pipeline.getByRole('row', { name: new RegExp(packCall.replace(/[()]/g, '\\$&')) });
    await expect(row).toBeVisible();
    await expect(pipeline.getByRole('columnheader', { name: m.application.status.RECOMMENDED })).toBeVisible();
    await expect(page.getByTestId('dash-over-time').getByRole('row')).toHaveCount(7);
    await expect(
      page.getByTestId('dash-reports').getByRole('row', { name: new RegExp(m.disb.reportStatus.WAIVED) }),
    ).toBeVisible();
    await checkPage(page, 'staff-dashboard');
  });

  test('in Spanish, a trustee’s dashboard', async ({ page }) => {
    await login(page, DEMO.trustees[0]!, 'es');
    await page.goto('/dashboard?lang=es');
    await expect(page.getByRole('heading', { level: 1, name: mEs.dashboard.title })).toBeVisible();
    await expect(page.getByRole('heading', { name: mEs.dashboard.pipeline })).toBeVisible();
    await expect(page.getByTestId('dash-over-time').getByRole('row')).toHaveCount(7);
    await checkPage(page, 'staff-es-dashboard');
  });
});
