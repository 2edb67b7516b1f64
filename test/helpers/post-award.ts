import type { DocumentNode } from 'graphql';
import { expectNoErrors, type GqlClient, type TestApp } from './app';
import {
  ApproveTrancheDocument,
  CancelTrancheDocument,
  RecordTranchePaymentDocument,
  RequestTrancheDocument,
  type TranchePayloadFieldsFragment,
} from '../generated/graphql';
import { openCall, recommended, vote } from './grants';
import { bankRef, demoDonorOrgId, fundId, recordWire } from './money';
import { DEMO_USERS } from '../../src/seed/demo';
import { Role } from '../../src/users/user.entity';

/** Tranche, report and award fields the post-award tests read. */
export const TRANCHE = `id number status amount { amount } paidAmount { amount } paidOn paymentReference plannedDate
  condition { id kind status }`;
export const REPORT = `id kind dueDate status acceptedAt currentSubmission { id version }`;
export const AWARD = `id status amount { amount } paid { amount } released { amount } refunded { amount }
  tranches { ${TRANCHE} } reports { ${REPORT} }`;

export interface AwardInfo {
  awardId: string;
  applicationId: string;
  tranches: { id: string; number: number; amount: { amount: string }; condition: { id: string } | null }[];
  reports: { id: string; kind: string; dueDate: string }[];
}

/** Puts money in the fund through the real wire-receipt API (13 % support cost is booked). */
export async function wire(app: TestApp, amount: string): Promise<void> {
  const sec = await app.as('SECRETARIAT');
  const r = await recordWire(sec, {
    fundId: await fundId(app),
    donorOrganizationId: await demoDonorOrgId(app),
    amount,
    currency: 'USD',
    valueDate: '2026-11-03',
    bankReference: bankRef(),
  });
  const p = expectNoErrors(r).recordWireContribution;
  if (p.errors.length) throw new Error(JSON.stringify(p.errors));
}

/** A call, an application by the demo NGO, recommended and approved by three trustees: an ACTIVE award. */
export async function makeAward(app: TestApp, amount = '35000.00'): Promise<AwardInfo> {
  const sec = await app.as('SECRETARIAT');
  const ngo = await app.as('NGO');
  const fund = await fundId(app);
  const callId = await openCall(sec, fund, { envelope: '1000000.00', maxAward: '100000.00' });
  const t1 = await app.as('BOARD_MEMBER');
  const id = await recommended(ngo, sec, t1, callId, amount);
  for (const r of ['BOARD_MEMBER', 'TRUSTEE2', 'TRUSTEE3'] as const) {
    const v = await vote(await app.as(r), id);
    if (v.errors.length) throw new Error(JSON.stringify(v.errors));
  }
  const q = await sec.gql(`query($id: String!) { application(id: $id) { status award { ${AWARD} } } }`, { id });
  const a = expectNoErrors(q).application;
  if (!a.award) throw new Error(`no award: ${JSON.stringify(a)}`);
  return { awardId: a.award.id, applicationId: id, tranches: a.award.tranches, reports: a.award.reports };
}

let seq = 0;
/** A second secretariat member of the fund (four eyes), created through the admin API. */
export async function secondSecretariat(app: TestApp): Promise<GqlClient> {
  const admin = await app.as('ADMIN');
  const email = `sec${++seq}-${Date.now()}@demo.vtf.example`;
  const password = 'Second-Secretariat-Egret-2026';
  const u = expectNoErrors(
    await admin.gql(
      `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } errors { code message } } }`,
      { input: { email, displayName: 'Sam Second', password } },
    ),
  ).createUser;
  if (u.errors.length) throw new Error(JSON.stringify(u.errors));
  const g = expectNoErrors(
    await admin.gql(`mutation($input: GrantRoleInput!) { grantRole(input: $input) { errors { code message } } }`, {
      input: { userId: u.user.id, role: 'SECRETARIAT', fundId: await fundId(app) },
    }),
  ).grantRole;
  if (g.errors.length) throw new Error(JSON.stringify(g.errors));
  return app.login(email, password);
}

/** A fresh token for a demo role (tokens expire when the test clock jumps). */
export async function fresh(app: TestApp, role: Role): Promise<GqlClient> {
  const u = DEMO_USERS.find((d) => d.role === role)!;
  return app.login(u.email, u.password);
}

type Errors = { code: string; message: string; field: string | null }[];

const TRANCHE_MUTATIONS = {
  requestTranche: RequestTrancheDocument,
  approveTranche: ApproveTrancheDocument,
  recordTranchePayment: RecordTranchePaymentDocument,
  cancelTranche: CancelTrancheDocument,
} as const;

/** A tranche mutation (test/operations/tranches.graphql) and its payload. */
export async function trancheOp(
  client: GqlClient,
  name: keyof typeof TRANCHE_MUTATIONS,
  input: Record<string, unknown>,
): Promise<TranchePayloadFieldsFragment> {
  // Tests also send wrong inputs on purpose (the server must refuse them), so the variables stay loose;
  // the payload is the fragment every tranche mutation returns.
  const doc: DocumentNode = TRANCHE_MUTATIONS[name];
  const r = expectNoErrors(
    await client.gql<Record<string, TranchePayloadFieldsFragment>, { input: Record<string, unknown> }>(doc, { input }),
  );
  return r[name];
}

export async function awardOp(
  client: GqlClient,
  name: 'terminateAward' | 'recordGrantRefund' | 'amendTrancheSchedule',
  input: Record<string, unknown>,
): Promise<{ award: any; errors: Errors }> {
  const type = name[0]!.toUpperCase() + name.slice(1) + 'Input';
  const r = await client.gql(
    `mutation($input: ${type}!) { ${name}(input: $input) { award { ${AWARD} } errors { code message field } } }`,
    { input },
  );
  return expectNoErrors(r)[name];
}

export const SUBMISSION = `id version periodFrom periodTo narrative reviewComment
  spending { category amount { amount } }
  beneficiaries { total bySex { FEMALE MALE OTHER_OR_UNKNOWN } byNationality { country count } byAssistance { SHELTER } }`;

export async function reportOp(
  client: GqlClient,
  name: 'submitReport' | 'acceptReport' | 'requestReportRevision',
  input: Record<string, unknown>,
): Promise<{ report: any; submission: any; errors: Errors }> {
  const type = name[0]!.toUpperCase() + name.slice(1) + 'Input';
  const r = await client.gql(
    `mutation($input: ${type}!) { ${name}(input: $input) { report { ${REPORT} submissions { version } } submission { ${SUBMISSION} } errors { code message field } } }`,
    { input },
  );
  return expectNoErrors(r)[name];
}

/** 20 victims, consistent in every breakdown. */
export function beneficiaries(over: Record<string, unknown> = {}) {
  return {
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
    byNationality: [
      { country: 'NG', count: 12 },
      { country: 'GH', count: 8 },
    ],
    byAssistance: { SHELTER: 15, MEDICAL: 20, PSYCHOLOGICAL: 12, LEGAL: 7, REINTEGRATION: 4, OTHER: 0 },
    ...over,
  };
}

/** A valid submission of `reportId` spending `spent` (decimal) on the Shelter line. */
export function submission(reportId: string, spent = '1000.00', over: Record<string, unknown> = {}) {
  return {
    reportId,
    periodFrom: '2027-01-01',
    periodTo: '2027-05-31',
    narrative: 'Shelter opened in Lagos; 20 survivors assisted.',
    spending: [{ category: 'Shelter', amount: spent }],
    beneficiaries: beneficiaries(),
    ...over,
  };
}
