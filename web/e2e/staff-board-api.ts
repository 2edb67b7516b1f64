import { DEMO, gql, login } from './api';

/**
 * Set-up for the staff-board journeys (report review, amendments, board pack, administration,
 * dashboard) through the public API, as the other actors would act.
 */

const today = () => new Date().toISOString().slice(0, 10);

/** The demo NGO's application at the call's maximum (50,000: at the audit threshold, so its award owes an AUDIT report). */
export async function submittedLargeApplication(callId: string, projectTitle: string): Promise<string> {
  const ngo = await login(DEMO.ngo);
  const created = await gql<{ createApplication: { application: { id: string } } }>(
    ngo,
    `mutation($input: CreateApplicationInput!) { createApplication(input: $input) {
       application { id } errors { code message field } } }`,
    {
      input: {
        callId,
        projectTitle,
        summary: 'Safe houses and reintegration support for 200 survivors in Cebu and Davao.',
        requestedAmount: '50000.00',
        durationMonths: 12,
        startDate: today(),
        budgetLines: [
          { category: 'Shelter', description: 'Two safe houses', amount: '35000.00' },
          { category: 'Reintegration', description: 'Vocational training', amount: '15000.00' },
        ],
        targetBeneficiaries: [{ sex: 'FEMALE', ageGroup: 'ADULT', exploitation: 'FORCED_LABOUR', count: 200 }],
        countries: ['PH'],
      },
    },
  );
  const id = created.createApplication.application.id;
  await gql(
    ngo,
    `mutation($input: ApplicationActionInput!) { submitApplication(input: $input) { errors { code message field } } }`,
    { input: { applicationId: id } },
  );
  return id;
}

/** The demo NGO submits a report with its narrative and counts (no spending: nothing is paid yet). */
export async function ngoSubmitsReport(reportId: string, narrative: string): Promise<void> {
  const ngo = await login(DEMO.ngo);
  await gql(
    ngo,
    `mutation($input: SubmitReportInput!) { submitReport(input: $input) { errors { code message field } } }`,
    {
      input: {
        reportId,
        periodFrom: today(),
        periodTo: today(),
        narrative,
        spending: [],
        beneficiaries: {
          total: 20,
          bySex: { FEMALE: 14, MALE: 5, OTHER_OR_UNKNOWN: 1 },
          byAgeGroup: { CHILD: 6, ADULT: 13, UNKNOWN: 1 },
          byExploitation: {
            SEXUAL_EXPLOITATION: 9,
            FORCED_LABOUR: 6,
            DOMESTIC_SERVITUDE: 3,
            FORCED_MARRIAGE: 1,
            ORGAN_REMOVAL: 0,
            FORCED_CRIMINALITY: 1,
            OTHER: 0,
          },
          byNationality: [{ country: 'PH', count: 20 }],
          byAssistance: { SHELTER: 15, MEDICAL: 20, PSYCHOLOGICAL: 12, LEGAL: 7, REINTEGRATION: 4, OTHER: 0 },
        },
      },
    },
  );
}

/** The secretariat lowers the award's last tranche by `by`: a change of the total, which goes to the board. */
export async function proposeAmendment(awardId: string, by: number, reason: string): Promise<string> {
  const sec = await login(DEMO.secretariat);
  const a = await gql<{
    award: { tranches: { id: string; status: string; plannedDate: string; amount: { amount: string } }[] };
  }>(sec, `query($id: String!) { award(id: $id) { tranches { id status plannedDate amount { amount } } } }`, {
    id: awardId,
  });
  const last = a.award.tranches.filter((t) => t.status === 'SCHEDULED').at(-1);
  if (!last) throw new Error('no scheduled tranche to amend');
  const r = await gql<{ amendTrancheSchedule: { amendment: { id: string } | null } }>(
    sec,
    `mutation($input: AmendTrancheScheduleInput!) { amendTrancheSchedule(input: $input) {
       amendment { id } errors { code message field } } }`,
    {
      input: {
        awardId,
        reason,
        tranches: [
          { trancheId: last.id, amount: (Number(last.amount.amount) - by).toFixed(2), plannedDate: last.plannedDate },
        ],
      },
    },
  );
  if (!r.amendTrancheSchedule.amendment) throw new Error('the amendment did not go to the board');
  return r.amendTrancheSchedule.amendment.id;
}

/** A trustee (1-based) declares a conflict of interest on the application. */
export async function trusteeDeclaresConflict(n: number, applicationId: string, nature: string): Promise<void> {
  const token = await login(DEMO.trustees[n - 1]!);
  await gql(
    token,
    `mutation($input: DeclareConflictInput!) { declareConflict(input: $input) { errors { code message field } } }`,
    { input: { applicationId, nature } },
  );
}

/** A user without a role, created by the administrator (the journeys grant and revoke roles on it). */
export async function newUser(displayName: string): Promise<string> {
  const admin = await login(DEMO.admin);
  const email = `${displayName.toLowerCase().replace(/\W+/g, '.')}.${Date.now().toString(36)}@demo.vtf.example`;
  await gql(
    admin,
    `mutation($input: CreateUserInput!) { createUser(input: $input) { errors { code message field } } }`,
    { input: { displayName, email, password: 'Staff-Board-Plover-2026' } },
  );
  return email;
}
