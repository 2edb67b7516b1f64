import { expectNoErrors, startTestApp, type TestApp } from './helpers/app';
import { bankRef, createPledge, demoDonorOrgId, fundId, recordWire, registerDonor } from './helpers/money';
import { cast, makeAward, markTranchePaid, type Cast } from './helpers/transparency';
import { validate360Giving, validateIati } from '../bench/open-data-validate';

/**
 * Public open-data exports validated against the official schemas in test/fixtures/standards.
 * Tranche payments are inserted by SQL in the contract shape (the payment mutation is built on
 * the post-award branch).
 */

let app: TestApp;
let fund: string;
let c: Cast;
let award: { awardId: string; trancheIds: string[] };
let demoName: string;

beforeAll(async () => {
  app = await startTestApp();
  fund = await fundId(app);
  c = await cast(app);
  const demo = await demoDonorOrgId(app);
  const quiet = await registerDonor(app, 'Quiet Donor Foundation');
  for (const [org, amount, currency, rate] of [
    [demo, '200000.00', 'USD', undefined],
    [quiet.orgId, '5000.00', 'EUR', '1.1'],
  ] as const) {
    const w = expectNoErrors(
      await recordWire(c.sec, {
        fundId: fund,
        donorOrganizationId: org,
        amount,
        currency,
        exchangeRate: rate,
        valueDate: '2026-02-01',
        bankReference: bankRef(),
      }),
    ).recordWireContribution;
    expect(w.errors).toEqual([]);
  }
  const donor = await app.as('DONOR');
  const p = expectNoErrors(
    await createPledge(donor, { fundId: fund, amount: '75000.00', currency: 'USD', dueDate: '2027-03-31' }),
  ).createPledge;
  expect(p.errors).toEqual([]);
  award = await makeAward(c, fund, '30000.00');
  await markTranchePaid(app, award.trancheIds[0]!, 21_000_00n, new Date().toISOString().slice(0, 10));
  [{ legal_name: demoName }] = (await app.sql<{ legal_name: string }>(
    `select legal_name from organization where is_public_donor and kind = 'DONOR' limit 1`,
  )) as [{ legal_name: string }];
}, 120_000);
afterAll(() => app.stop());

const fetchText = async (path: string) => {
  const res = await fetch(`${app.baseUrl}${path}`);
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
};

async function secrets(): Promise<string[]> {
  const rows = await app.sql<{ iban: string | null }>(`select bank_account ->> 'iban' as iban from organization`);
  return rows.map((r) => r.iban).filter((x): x is string => !!x);
}

describe('360Giving', () => {
  it('publishes the awards without login, valid against the 360Giving 1.4 package schema', async () => {
    const r = await fetchText('/exports/funds/UNVTF/360giving.json');
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^application\/json/);
    const pkg = JSON.parse(r.text);
    const v = validate360Giving(pkg);
    expect(v.errors).toEqual([]);
    expect(v.valid).toBe(true);
    expect(pkg.grants).toHaveLength(1);
    const g = pkg.grants[0];
    expect(g).toMatchObject({
      id: `360G-UNVTF-${award.awardId}`,
      title: 'Safe Harbour shelters',
      description: expect.stringContaining('Shelter and legal aid'),
      currency: 'USD',
      amountAwarded: 30000,
      amountDisbursed: 21000,
      awardDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      recipientOrganization: [{ id: expect.stringMatching(/^360G-UNVTF-ORG-/), name: expect.any(String) }],
      fundingOrganization: [{ id: '360G-UNVTF-FUND', name: expect.any(String) }],
      plannedDates: [{ startDate: expect.any(String), endDate: expect.any(String), duration: 12 }],
      beneficiaryLocation: [{ countryCode: 'NG' }, { countryCode: 'GH' }],
      grantProgramme: [{ code: expect.any(String), title: 'Direct assistance 2027' }],
      fromOpenCall: 'Yes',
    });
  });

  it('detects an invalid package (the validator is not a rubber stamp)', () => {
    const v = validate360Giving({ grants: [{ id: 'x', title: 't', currency: 'USD', amountAwarded: '12' }] });
    expect(v.valid).toBe(false);
  });
});

describe('IATI', () => {
  it('publishes iati-activities 2.03 valid against the IATI XSD, with the transaction types mapped', async () => {
    const r = await fetchText('/exports/funds/UNVTF/iati.xml');
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^application\/xml/);
    const v = await validateIati(r.text);
    expect(v.errors).toEqual([]);
    expect(v.valid).toBe(true);
    const xml = r.text;
    expect(xml).toMatch(/<iati-activities version="2\.03"/);
    // The fund (hierarchy 1) and one activity per award (hierarchy 2).
    expect(xml.match(/<iati-activity /g)).toHaveLength(2);
    expect(xml).toContain(`<iati-identifier>XI-IATI-UNVTF-UNVTF-${award.awardId}</iati-identifier>`);
    const types = [...xml.matchAll(/<transaction-type code="(\d+)"\/>/g)].map((m) => m[1]);
    expect(types.sort()).toEqual(['1', '1', '11', '2', '3']);
    expect(xml).toMatch(
      /<transaction-type code="11"\/>[\s\S]*?<value currency="USD" value-date="[\d-]+">75000\.00<\/value>/,
    );
    expect(xml).toMatch(
      /<transaction-type code="2"\/>[\s\S]*?<value currency="USD" value-date="[\d-]+">30000\.00<\/value>/,
    );
    expect(xml).toMatch(
      /<transaction-type code="3"\/>[\s\S]*?<value currency="USD" value-date="[\d-]+">21000\.00<\/value>/,
    );
    expect(xml).toContain('<participating-org role="4">');
    expect(xml).toMatch(/<activity-date type="1" iso-date="[\d-]+"\/>/);
  });

  it('rejects a document that breaks the schema (the validator is not a rubber stamp)', async () => {
    const v = await validateIati(
      '<iati-activities version="2.03"><iati-activity><title/></iati-activity></iati-activities>',
    );
    expect(v.valid).toBe(false);
  });
});

it('contains no bank details, no private donor names and no beneficiary data', async () => {
  const json = (await fetchText('/exports/funds/UNVTF/360giving.json')).text;
  const xml = (await fetchText('/exports/funds/UNVTF/iati.xml')).text;
  const ibans = await secrets();
  expect(ibans.length).toBeGreaterThan(0);
  for (const body of [json, xml]) {
    for (const iban of ibans) expect(body).not.toContain(iban);
    expect(body).not.toContain('Quiet Donor Foundation');
    expect(body).not.toMatch(/beneficiaries|bySex|FEMALE/);
  }
  expect(xml).toContain(demoName);
});

it('answers 404 for an unknown fund', async () => {
  expect((await fetchText('/exports/funds/NOPE/360giving.json')).status).toBe(404);
  expect((await fetchText('/exports/funds/NOPE/iati.xml')).status).toBe(404);
});
