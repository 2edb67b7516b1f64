import { DEMO, fundId, gql, login } from './api';

/**
 * What happens around the staff journeys through the public API: the demo NGO applies (its own
 * journey is e2e/ngo.spec.ts), a second trustee scores and votes.
 */

const today = () => new Date().toISOString().slice(0, 10);

/** The demo NGO's application to the call, submitted, starting today (so its first tranche is due now). */
export async function submittedApplication(callId: string, projectTitle: string): Promise<string> {
  const ngo = await login(DEMO.ngo);
  const created = await gql<{ createApplication: { application: { id: string } } }>(
    ngo,
    `mutation($input: CreateApplicationInput!) { createApplication(input: $input) {
       application { id } errors { code message field } } }`,
    {
      input: {
        callId,
        projectTitle,
        summary: 'Shelter, medical care and legal aid for 120 survivors in Lagos and Accra.',
        requestedAmount: '30000.00',
        durationMonths: 12,
        startDate: today(),
        budgetLines: [
          { category: 'Shelter', description: 'Rent and running costs', amount: '20000.00' },
          { category: 'Legal aid', description: 'Lawyers', amount: '10000.00' },
        ],
        targetBeneficiaries: [{ sex: 'FEMALE', ageGroup: 'ADULT', exploitation: 'SEXUAL_EXPLOITATION', count: 120 }],
        countries: ['NG', 'GH'],
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

/** A trustee (1-based) confirms no conflict and scores the application. */
export async function trusteeReviews(n: number, applicationId: string): Promise<void> {
  const token = await login(DEMO.trustees[n - 1]!);
  await gql(
    token,
    `mutation($input: ConfirmNoConflictInput!) { confirmNoConflict(input: $input) { errors { code message field } } }`,
    { input: { applicationId } },
  );
  await gql(
    token,
    `mutation($input: SubmitReviewInput!) { submitReview(input: $input) { errors { code message field } } }`,
    {
      input: {
        applicationId,
        comment: 'Clear plan, realistic budget.',
        scores: [
          { criterion: 'relevance', score: 9 },
          { criterion: 'capacity', score: 6 },
        ],
      },
    },
  );
}

/** A trustee (1-based) approves. */
export async function trusteeApproves(n: number, applicationId: string): Promise<void> {
  const token = await login(DEMO.trustees[n - 1]!);
  await gql(
    token,
    `mutation($input: CastBoardVoteInput!) { castBoardVote(input: $input) { errors { code message field } } }`,
    { input: { applicationId, choice: 'APPROVE', reason: 'Meets the fund’s priorities.' } },
  );
}

/** The month's operational rate of a currency to the fund's base (USD), set by the secretariat. */
export async function monthRate(currency: string, rate: string): Promise<void> {
  const sec = await login(DEMO.secretariat);
  await gql(
    sec,
    `mutation($input: SetExchangeRateInput!) { setExchangeRate(input: $input) { errors { code message field } } }`,
    { input: { currency, baseCurrency: 'USD', month: today().slice(0, 7), rate } },
  );
}

/** The demo donor pledges `amount` in `currency` to the demo fund; returns the pledge's id and wire reference. */
export async function donorPledge(amount: string, currency: string): Promise<{ id: string; reference: string }> {
  const donor = await login(DEMO.donor);
  const r = await gql<{ createPledge: { pledge: { id: string; reference: string } } }>(
    donor,
    `mutation($input: CreatePledgeInput!) { createPledge(input: $input) {
       pledge { id reference } errors { code message field } } }`,
    { input: { fundId: await fundId(), amount, currency, dueDate: today() } },
  );
  return r.createPledge.pledge;
}

/** A camt.053 statement of one day with the given credits (amounts in `currency`), each with its own bank reference. */
export function camt053(
  statementId: string,
  currency: string,
  credits: { ref: string; amount: string; remittance: string; debtor: string }[],
): string {
  const day = today();
  const entries = credits
    .map(
      (c) => `
      <Ntry>
        <NtryRef>${c.ref}</NtryRef>
        <Amt Ccy="${currency}">${c.amount}</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>${day}</Dt></BookgDt>
        <ValDt><Dt>${day}</Dt></ValDt>
        <AcctSvcrRef>${c.ref}</AcctSvcrRef>
        <NtryDtls><TxDtls>
          <Refs><AcctSvcrRef>${c.ref}</AcctSvcrRef></Refs>
          <Amt Ccy="${currency}">${c.amount}</Amt>
          <CdtDbtInd>CRDT</CdtDbtInd>
          <RltdPties><Dbtr><Pty><Nm>${c.debtor}</Nm></Pty></Dbtr></RltdPties>
          <RmtInf><Ustrd>${c.remittance}</Ustrd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>${statementId}</MsgId><CreDtTm>${day}T06:00:00Z</CreDtTm></GrpHdr>
    <Stmt>
      <Id>${statementId}</Id>
      <CreDtTm>${day}T06:00:00Z</CreDtTm>
      <Acct><Id><IBAN>CH9300762011623852957</IBAN></Id><Ccy>${currency}</Ccy></Acct>${entries}
    </Stmt>
  </BkToCstmrStmt>
</Document>
`;
}
