import { E2E_PORT } from './env';

/** Set-up through the public API, as the journeys' other actors (secretariat, board) would act. */
export const API = `http://127.0.0.1:${E2E_PORT}/graphql`;

export const DEMO = {
  admin: { email: 'admin@demo.vtf.example', password: 'Demo-Admin-Kestrel-2026' },
  secretariat: { email: 'secretariat@demo.vtf.example', password: 'Demo-Secretariat-Heron-2026' },
  secretariat2: { email: 'secretariat2@demo.vtf.example', password: 'Demo-Secretariat-Heron-2026' },
  auditor: { email: 'auditor@demo.vtf.example', password: 'Demo-Auditor-Plover-2026' },
  trustees: [1, 2, 3, 4, 5].map((n) => ({
    email: `trustee${n}@demo.vtf.example`,
    password: 'Demo-Trustee-Osprey-2026',
  })),
  donor: { email: 'donor@demo.vtf.example', password: 'Demo-Donor-Swallow-2026' },
  ngo: { email: 'ngo@demo.vtf.example', password: 'Demo-Ngo-Sandpiper-2026' },
};

export async function gql<T = Record<string, unknown>>(
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const res = await fetch(API, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  // Payload errors (business refusals) fail the set-up loudly too.
  for (const [name, value] of Object.entries(body.data as Record<string, unknown>)) {
    const errors = (value as { errors?: unknown[] } | null)?.errors;
    if (errors?.length) throw new Error(`${name}: ${JSON.stringify(errors)}`);
  }
  return body.data;
}

export async function login(user: { email: string; password: string }): Promise<string> {
  const r = await gql<{ login: { token: string } }>(
    null,
    'mutation($input: LoginInput!) { login(input: $input) { token errors { code message } } }',
    { input: user },
  );
  return r.login.token;
}

export async function fundId(code = 'UNVTF'): Promise<string> {
  const r = await gql<{ fund: { id: string } }>(null, 'query($code: String!) { fund(code: $code) { id } }', { code });
  return r.fund.id;
}

const DAY = 86_400_000;

/** An open call of the demo fund, created and opened by the secretariat. */
export async function openCall(
  title: string,
  o: { allowPendingVetting?: boolean; requiredDocuments?: string[] } = {},
): Promise<string> {
  const sec = await login(DEMO.secretariat);
  const now = Date.now();
  const created = await gql<{ createGrantCall: { grantCall: { id: string } } }>(
    sec,
    `mutation($input: CreateGrantCallInput!) { createGrantCall(input: $input) { grantCall { id } errors { code message field } } }`,
    {
      input: {
        fundId: await fundId(),
        title,
        description: 'Shelter, medical, legal and psychological assistance to victims of trafficking.',
        themes: ['shelter', 'legal aid'],
        eligibleCountries: [],
        minAward: '10000.00',
        maxAward: '50000.00',
        envelope: '1000000.00',
        maxDurationMonths: 24,
        opensAt: new Date(now - DAY).toISOString(),
        closesAt: new Date(now + 30 * DAY).toISOString(),
        rubric: [
          { key: 'relevance', label: 'Relevance to victims', weight: 60 },
          { key: 'capacity', label: 'Organisational capacity', weight: 40 },
        ],
        eligibilityRules: [{ key: 'registered_ngo', label: 'Registered non-profit' }],
        allowPendingVetting: o.allowPendingVetting ?? true,
        ...(o.requiredDocuments ? { requiredDocuments: o.requiredDocuments } : {}),
      },
    },
  );
  const id = created.createGrantCall.grantCall.id;
  await gql(sec, `mutation($id: String!) { openGrantCall(input: { callId: $id }) { errors { code message } } }`, {
    id,
  });
  return id;
}

/** The demo fund's step-up policy (the actions that need a recent second factor), set by the admin. */
export async function setStepUpPolicy(actions: string[]): Promise<void> {
  const admin = await login(DEMO.admin);
  await gql(
    admin,
    `mutation($input: UpdateFundPolicyInput!) { updateFundPolicy(input: $input) { errors { code message field } } }`,
    { input: { fundId: await fundId(), stepUpActions: actions } },
  );
}
