import fs from 'node:fs';
import path from 'node:path';
import { expectNoErrors, startTestApp, testRole, type TestApp } from './helpers/app';

/** Runs the README's worked example block by block, so the documentation cannot drift. */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

function blocks(): { role: string; query: string }[] {
  const readme = fs.readFileSync(path.resolve(__dirname, '..', 'README.md'), 'utf8');
  const section = readme.split('## Worked example')[1].split('\n## ')[0];
  return [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => {
    const role = /^# (\w+)/.exec(m[1])![1];
    return { role, query: m[1] };
  });
}

function collectErrors(value: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(value)) value.forEach((v) => collectErrors(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'errors' && Array.isArray(v)) out.push(...v);
      else collectErrors(v, out);
    }
  }
  return out;
}

describe('README worked example', () => {
  it('runs from a wire receipt to an award, with balances and a valid chain', async () => {
    const sec = await app.as('SECRETARIAT');
    const orgs = expectNoErrors(
      await sec.gql('{ organizations { edges { node { id kind } } } fund(code: "UNVTF") { id } }'),
    );
    const vars: Record<string, string> = {
      fundId: orgs.fund.id,
      donorId: orgs.organizations.edges.find((e: any) => e.node.kind === 'DONOR').node.id,
      ngoId: orgs.organizations.edges.find((e: any) => e.node.kind === 'NGO').node.id,
    };
    const steps = blocks();
    expect(steps.length).toBeGreaterThanOrEqual(12);
    const answers: any[] = [];
    for (const { role, query } of steps) {
      const who = role === 'TRUSTEE1' ? 'BOARD_MEMBER' : role;
      const client = await app.as(testRole(who));
      const used = [...query.matchAll(/\$(\w+): /g)].map((m) => m[1]);
      const r = await client.gql(query, Object.fromEntries(used.map((v) => [v, vars[v]])));
      const data = expectNoErrors(r);
      expect({ role, errors: collectErrors(data) }).toEqual({ role, errors: [] });
      if (data.createGrantCall) vars.callId = data.createGrantCall.grantCall.id;
      if (data.createApplication) vars.applicationId = data.createApplication.application.id;
      answers.push(data);
    }
    const wire = answers[0].recordWireContribution.contribution;
    expect(wire).toEqual({
      status: 'RECEIVED',
      amount: { amount: '250000.00', currency: 'EUR' },
      baseAmount: { amount: '271825.00', currency: 'USD' },
      supportCost: { amount: '35337.25' },
    });
    const decided = answers[11].castBoardVote.application;
    expect(decided.status).toBe('AWARDED');
    expect(decided.award.amount.amount).toBe('40000.00');
    expect(decided.award.tranches.map((t: any) => t.amount.amount)).toEqual(['28000.00', '12000.00']);
    const check = answers[12];
    expect(check.fund.balance).toEqual({
      received: { amount: '271825.00' },
      supportCosts: { amount: '35337.25' },
      cash: { amount: '271825.00' },
      committed: { amount: '40000.00' },
      available: { amount: '196487.75' },
    });
    expect(check.verifyAuditTrail).toMatchObject({ ok: true, firstBrokenSequence: null });
  });
});
