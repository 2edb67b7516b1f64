import { randomBytes } from 'node:crypto';
import { registerAndLogin } from './register';
import { expectNoErrors, type GqlClient, type TestApp } from './app';

export const PLEDGE_FIELDS = `id status dueDate earmark cancelReason
  amount { amount currency } paid { amount currency } outstanding { amount } overpaid { amount }
  donorOrganization { id legalName } fund { id code } permissions { cancel { allowed reason } }`;

export const CONTRIBUTION_FIELDS = `id status channel exchangeRate valueDate bankReference stripePaymentIntentId disputeStatus
  amount { amount currency minorUnits } baseAmount { amount currency minorUnits } refunded { amount }
  bookedBaseAmount { amount minorUnits } supportCost { amount minorUnits }
  pledge { id status } donorOrganization { id }
  receipt { number donorName amount { amount currency } baseAmount { amount currency } exchangeRate date reference }`;

export const BALANCE_FIELDS = `received { amount minorUnits } supportCosts { amount minorUnits } refunded { amount minorUnits }
  cash { amount minorUnits } committed { amount minorUnits } disbursed { amount minorUnits }
  available { amount minorUnits } pledgedUnpaid { amount minorUnits } pledgesWithoutRate`;

export async function fundId(app: TestApp, code = 'UNVTF'): Promise<string> {
  const d = expectNoErrors(await app.anonymous.gql<{ fund: { id: string } }>(`{ fund(code: "${code}") { id } }`));
  return d.fund.id;
}

/** The seeded donor organisation's id, read as the donor. */
export async function demoDonorOrgId(app: TestApp): Promise<string> {
  const donor = await app.as('DONOR');
  const d = expectNoErrors(
    await donor.gql<{ me: { organizations: { id: string }[] } }>('{ me { organizations { id } } }'),
  );
  return d.me.organizations[0].id;
}

/** What the money suites start from: the demo fund, its donor organisation, the donor and the secretariat. */
export interface DonorWorld {
  fund: string;
  donorOrg: string;
  donor: GqlClient;
  sec: GqlClient;
}

export async function donorWorld(app: TestApp): Promise<DonorWorld> {
  return {
    fund: await fundId(app),
    donorOrg: await demoDonorOrgId(app),
    donor: await app.as('DONOR'),
    sec: await app.as('SECRETARIAT'),
  };
}

/** Registers a second donor organisation and has the secretariat verify it. */
export async function registerDonor(
  app: TestApp,
  name = 'Second Donor Foundation',
): Promise<{ client: GqlClient; orgId: string }> {
  const email = `donor-${randomBytes(4).toString('hex')}@example.org`;
  const { client, orgId } = await registerAndLogin(app, {
    kind: 'DONOR',
    legalName: name,
    country: 'FR',
    email,
    displayName: 'Second Donor',
    password: 'Correct-Horse-Battery-Staple-77',
  });
  const sec = await app.as('SECRETARIAT');
  const v = expectNoErrors(
    await sec.gql<{ vetOrganization: { errors: unknown[] } }>(
      `mutation V($input: VetOrganizationInput!) { vetOrganization(input: $input) { errors { code message } } }`,
      { input: { organizationId: orgId, status: 'VERIFIED', reason: 'Checked registration papers' } },
    ),
  );
  expect(v.vetOrganization.errors).toEqual([]);
  return { client, orgId };
}

export async function createPledge(client: GqlClient, input: Record<string, unknown>) {
  return client.gql<{ createPledge: { pledge: any; errors: { code: string; field: string | null }[] } }>(
    `mutation P($input: CreatePledgeInput!) { createPledge(input: $input) { pledge { ${PLEDGE_FIELDS} } errors { code field message } } }`,
    { input },
  );
}

export async function recordWire(client: GqlClient, input: Record<string, unknown>) {
  return client.gql<{
    recordWireContribution: { contribution: any; errors: { code: string; field: string | null }[] };
  }>(
    `mutation W($input: RecordWireContributionInput!) {
      recordWireContribution(input: $input) { contribution { ${CONTRIBUTION_FIELDS} } errors { code field message } }
    }`,
    { input },
  );
}

export async function cardContribution(client: GqlClient, input: Record<string, unknown>) {
  return client.gql<{
    createCardContribution: {
      contribution: any;
      clientSecret: string | null;
      errors: { code: string; field: string | null }[];
    };
  }>(
    `mutation C($input: CreateCardContributionInput!) {
      createCardContribution(input: $input) { contribution { ${CONTRIBUTION_FIELDS} } clientSecret errors { code field message } }
    }`,
    { input },
  );
}

export async function balance(client: GqlClient, id: string) {
  const d = expectNoErrors(
    await client.gql<{ node: { balance: Record<string, any> } }>(
      `query B($id: ID!) { node(id: $id) { ... on Fund { balance { ${BALANCE_FIELDS} } } } }`,
      { id },
    ),
  );
  return d.node.balance;
}

export async function ledgerCheck(client: GqlClient, id: string) {
  return expectNoErrors(
    await client.gql<{ ledgerCheck: any }>(
      `query L($id: String!) { ledgerCheck(fundId: $id) {
        ok lineCount groupCount unbalancedGroups differences { item ledger { amount } expected { amount } }
        accounts { account net { minorUnits } }
        balance { ${BALANCE_FIELDS} } } }`,
      { id },
    ),
  ).ledgerCheck;
}

let refSeq = 0;
export const bankRef = () => `FT${Date.now().toString(36).toUpperCase()}${(refSeq++).toString().padStart(4, '0')}`;

/** Database id of a global id (for direct SQL checks). */
export const dbId = (gid: string): string => Buffer.from(gid, 'base64').toString('utf8').split(':')[1];
