import { randomUUID } from 'node:crypto';
import { expectNoErrors, type GqlClient, type TestApp } from './app';

/** Fragments and factories for the grant-cycle tests: everything goes through the public API. */
export const APP_FIELDS = `id status version projectTitle requestedAmount { amount currency } proposedAmount { amount }
  organization { id legalName } call { id }`;

export const DAY = 86_400_000;

export async function fundId(app: TestApp): Promise<string> {
  const r = await app.anonymous.gql<{ fund: { id: string } }>('{ fund(code: "UNVTF") { id } }');
  return expectNoErrors(r).fund.id;
}

/**
 * Puts cash into the fund. The money issue's wire receipts are not merged yet, so this inserts
 * a balanced CONTRIBUTION_RECEIVED group (debit CASH, credit CONTRIBUTIONS_INCOME, one txn_id)
 * straight into ledger_entry by SQL.
 */
export async function seedCash(app: TestApp, amountMinor: bigint): Promise<void> {
  const [fund] = await app.sql<{ id: string }>(`select id from fund where code = 'UNVTF'`);
  const txn = randomUUID();
  await app.sql(
    `insert into ledger_entry (txn_id, fund_id, account, debit_minor, credit_minor, currency, kind, source_type, source_id, description, value_date)
     values ($1::uuid, $2, 'CASH', $3, 0, 'USD', 'CONTRIBUTION_RECEIVED', 'TestSeed', $1::text, 'test cash', current_date),
            ($1::uuid, $2, 'CONTRIBUTIONS_INCOME', 0, $3, 'USD', 'CONTRIBUTION_RECEIVED', 'TestSeed', $1::text, 'test cash', current_date)`,
    [txn, fund!.id, amountMinor.toString()],
  );
}

export async function availableMinor(app: TestApp): Promise<bigint> {
  const rows = await app.sql<{ account: string; net: string }>(
    `select account, (sum(debit_minor) - sum(credit_minor))::text as net from ledger_entry group by account`,
  );
  const net = (a: string) => BigInt(rows.find((r) => r.account === a)?.net ?? '0');
  return net('CASH') + net('GRANTS_PAYABLE') + net('SUPPORT_COST_PAYABLE');
}

export interface CallOptions {
  minAward?: string;
  maxAward?: string;
  envelope?: string;
  maxDurationMonths?: number;
  opensAt?: string;
  closesAt?: string;
  allowPendingVetting?: boolean;
  eligibleCountries?: string[];
  requiredDocuments?: string[];
  /** Any other fields of the call's input (categories, cost share, ...). */
  extra?: Record<string, unknown>;
}

export const RUBRIC = [
  { key: 'relevance', label: 'Relevance to victims', weight: 40 },
  { key: 'capacity', label: 'Organisational capacity', weight: 35 },
  { key: 'budget', label: 'Value for money', weight: 25 },
];
export const RULES = [
  { key: 'registered_ngo', label: 'Registered non-profit' },
  { key: 'direct_assistance', label: 'Direct assistance to victims' },
];

export async function createCall(sec: GqlClient, fund: string, o: CallOptions = {}): Promise<string> {
  const now = Date.now();
  const r = await sec.gql(
    `mutation($input: CreateGrantCallInput!) { createGrantCall(input: $input) { grantCall { id status } errors { code message field } } }`,
    {
      input: {
        fundId: fund,
        title: 'Direct assistance 2027',
        description: 'Shelter, medical, legal and psychological assistance to victims of trafficking.',
        themes: ['shelter', 'legal aid'],
        eligibleCountries: o.eligibleCountries ?? [],
        minAward: o.minAward ?? '10000.00',
        maxAward: o.maxAward ?? '50000.00',
        envelope: o.envelope ?? '1000000.00',
        maxDurationMonths: o.maxDurationMonths ?? 24,
        opensAt: o.opensAt ?? new Date(now - DAY).toISOString(),
        closesAt: o.closesAt ?? new Date(now + 30 * DAY).toISOString(),
        rubric: RUBRIC,
        eligibilityRules: RULES,
        allowPendingVetting: o.allowPendingVetting ?? false,
        ...(o.requiredDocuments ? { requiredDocuments: o.requiredDocuments } : {}),
        ...o.extra,
      },
    },
  );
  const p = expectNoErrors(r).createGrantCall;
  if (p.errors.length) throw new Error(JSON.stringify(p.errors));
  return p.grantCall.id;
}

export async function openCall(sec: GqlClient, fund: string, o: CallOptions = {}): Promise<string> {
  const id = await createCall(sec, fund, o);
  const r = await sec.gql(
    `mutation($id: String!) { openGrantCall(input: { callId: $id }) { grantCall { status } errors { code message } } }`,
    { id },
  );
  const p = expectNoErrors(r).openGrantCall;
  if (p.errors.length) throw new Error(JSON.stringify(p.errors));
  return id;
}

/** An open two-stage call: concept notes until `conceptInMs` from now, full proposals until 30 days. */
export async function openTwoStageCall(
  sec: GqlClient,
  fund: string,
  o: { conceptInMs?: number; conceptMaxChars?: number } = {},
): Promise<string> {
  const now = Date.now();
  const r = expectNoErrors(
    await sec.gql(
      `mutation($i: CreateGrantCallInput!) { createGrantCall(input: $i) { grantCall { id } errors { code message field } } }`,
      {
        i: {
          fundId: fund,
          title: 'Two-stage call 2027',
          minAward: '10000.00',
          maxAward: '50000.00',
          envelope: '1000000.00',
          maxDurationMonths: 24,
          opensAt: new Date(now - DAY).toISOString(),
          conceptClosesAt: new Date(now + (o.conceptInMs ?? 10 * DAY)).toISOString(),
          closesAt: new Date(now + 30 * DAY).toISOString(),
          conceptMaxChars: o.conceptMaxChars ?? 200,
          rubric: RUBRIC,
          eligibilityRules: RULES,
        },
      },
    ),
  ).createGrantCall;
  if (r.errors.length) throw new Error(JSON.stringify(r.errors));
  const opened = expectNoErrors(
    await sec.gql(`mutation($id: String!) { openGrantCall(input: { callId: $id }) { errors { code message } } }`, {
      id: r.grantCall.id,
    }),
  ).openGrantCall;
  if (opened.errors.length) throw new Error(JSON.stringify(opened.errors));
  return r.grantCall.id;
}

/** A concept note's content for `submitConceptNote`. */
export const concept = (callId: string, extra: Record<string, unknown> = {}) => ({
  callId,
  projectTitle: 'Safe Harbour shelters',
  summary: 'Shelter and legal aid for survivors in Lagos.',
  requestedAmount: '30000.00',
  countries: ['NG'],
  ...extra,
});

export const content = (amount = '30000.00') => ({
  summary: 'Shelter and legal aid for 120 survivors in Lagos and Accra.',
  requestedAmount: amount,
  durationMonths: 12,
  startDate: '2027-01-01',
  budgetLines: splitBudget(amount),
  targetBeneficiaries: [
    { sex: 'FEMALE', ageGroup: 'ADULT', exploitation: 'SEXUAL_EXPLOITATION', count: 80 },
    { sex: 'FEMALE', ageGroup: 'CHILD', exploitation: 'DOMESTIC_SERVITUDE', count: 40 },
  ],
  countries: ['NG', 'GH'],
});

/** Two budget lines adding up exactly to `amount` (a decimal with two places). */
export function splitBudget(amount: string) {
  const minor = BigInt(amount.replace('.', ''));
  const a = minor / 3n;
  const fmt = (m: bigint) => `${m / 100n}.${(m % 100n).toString().padStart(2, '0')}`;
  return [
    { category: 'Shelter', description: 'Rent and running costs', amount: fmt(a) },
    { category: 'Legal aid', description: 'Lawyers', amount: fmt(minor - a) },
  ];
}

export async function mutate(client: GqlClient, name: string, inputType: string, input: unknown, fields = APP_FIELDS) {
  const field =
    name === 'castBoardVote'
      ? `vote { id choice } application { ${fields} }`
      : name === 'submitReview'
        ? `review { id weightedTotal } application { ${fields} }`
        : name.includes('Conflict')
          ? 'conflictDeclaration { id hasConflict }'
          : `application { ${fields} }`;
  const r = await client.gql(
    `mutation($input: ${inputType}!) { ${name}(input: $input) { ${field} errors { code message field } } }`,
    { input },
  );
  return expectNoErrors(r)[name] as {
    errors: { code: string; message: string; field: string | null }[];
    [k: string]: any;
  };
}

/** Mutation that must succeed; returns its payload. */
export async function ok(client: GqlClient, name: string, inputType: string, input: unknown) {
  const p = await mutate(client, name, inputType, input);
  if (p.errors.length) throw new Error(`${name}: ${JSON.stringify(p.errors)}`);
  return p;
}

export async function draft(ngo: GqlClient, callId: string, amount = '30000.00', extra: Record<string, unknown> = {}) {
  const p = await ok(ngo, 'createApplication', 'CreateApplicationInput', {
    callId,
    projectTitle: 'Safe Harbour shelters',
    ...content(amount),
    ...extra,
  });
  return p.application.id as string;
}

export const passAll = RULES.map((r) => ({ ruleKey: r.key, passed: true, comment: 'ok' }));
export const goodScores = RUBRIC.map((r) => ({ criterion: r.key, score: 8 }));

/** Draft → submitted → eligible → reviewed by `reviewer` → recommended at `proposed`. */
export async function recommended(
  ngo: GqlClient,
  sec: GqlClient,
  reviewer: GqlClient,
  callId: string,
  amount = '30000.00',
  proposed = amount,
): Promise<string> {
  const id = await draft(ngo, callId, amount);
  await ok(ngo, 'submitApplication', 'ApplicationActionInput', { applicationId: id });
  await ok(sec, 'screenApplication', 'ScreenApplicationInput', { applicationId: id, checks: passAll });
  await ok(reviewer, 'confirmNoConflict', 'ConfirmNoConflictInput', { applicationId: id });
  await ok(reviewer, 'submitReview', 'SubmitReviewInput', { applicationId: id, scores: goodScores, comment: 'Strong' });
  await ok(sec, 'recommendApplication', 'RecommendApplicationInput', {
    applicationId: id,
    recommend: true,
    proposedAmount: proposed,
  });
  return id;
}

export async function vote(client: GqlClient, applicationId: string, choice = 'APPROVE') {
  return mutate(client, 'castBoardVote', 'CastBoardVoteInput', { applicationId, choice, reason: 'Merits funding' });
}
