import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { availableMinor, fundId, openCall, recommended, seedCash, vote } from './helpers/grants';

let app: TestApp;
let fund: string;
let sec: GqlClient;
let ngo: GqlClient;
let t: GqlClient[];
beforeAll(async () => {
  // 52 deciding votes queue on one fund's lock: the wait is the point here, not the interactive
  // statement budget (10 s by default, tested in db-timeouts.test.ts), which a loaded CI machine exceeds.
  app = await startTestApp({ DB_STATEMENT_TIMEOUT_MS: '120000' });
  fund = await fundId(app);
  sec = await app.as('SECRETARIAT');
  ngo = await app.as('NGO');
  t = await Promise.all((['BOARD_MEMBER', 'TRUSTEE2', 'TRUSTEE3'] as const).map((r) => app.as(r)));
});
afterAll(() => app.stop());

/** Runs `fn` over `items` with at most `n` in flight (setup only; the race itself is all at once). */
async function pool<T, R>(items: T[], n: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  let i = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (i < items.length) {
        const k = i++;
        out[k] = await fn(items[k]!);
      }
    }),
  );
  return out;
}

async function ledgerInvariants(): Promise<void> {
  const unbalanced = await app.sql(
    `select txn_id from ledger_entry group by txn_id having sum(debit_minor) <> sum(credit_minor)`,
  );
  expect(unbalanced).toEqual([]);
  expect(await availableMinor(app)).toBeGreaterThanOrEqual(0n);
  const [awards] = await app.sql<{ s: string }>(`select coalesce(sum(amount_minor), 0)::text s from award`);
  const [cash] = await app.sql<{ s: string }>(
    `select coalesce(sum(debit_minor) - sum(credit_minor), 0)::text s from ledger_entry where account = 'CASH'`,
  );
  expect(BigInt(awards!.s)).toBeLessThanOrEqual(BigInt(cash!.s));
  const [commit] = await app.sql<{ s: string }>(
    `select coalesce(sum(credit_minor) - sum(debit_minor), 0)::text s from ledger_entry where account = 'GRANTS_PAYABLE'`,
  );
  expect(commit!.s).toBe(awards!.s);
}

const APPS = 52;
const AMOUNT = 30_000_00n;

describe('awards racing for the same money', () => {
  it('never over-commits the fund when 52 deciding votes arrive at once, round after round', async () => {
    for (let round = 1; round <= 3; round++) {
      // Each application in its own call, so the envelope never binds; only the fund's cash does.
      const ids = await pool(
        Array.from({ length: APPS }, (_, i) => i),
        6,
        async () => {
          const callId = await openCall(sec, fund, { maxAward: '30000', envelope: '30000' });
          const id = await recommended(ngo, sec, t[0]!, callId, '30000.00');
          await vote(t[0]!, id);
          await vote(t[1]!, id);
          return id;
        },
      );
      // Room for 20 and a half awards: the 21st must be refused.
      const before = await availableMinor(app);
      await seedCash(app, 20n * AMOUNT + AMOUNT / 2n - before);
      expect(await availableMinor(app)).toBe(20n * AMOUNT + AMOUNT / 2n);

      const results = await Promise.all(ids.map((id) => vote(t[2]!, id)));

      const won = results.filter((r) => r.errors.length === 0);
      const refused = results.filter((r) => r.errors[0]?.code === 'INSUFFICIENT_FUNDS');
      expect(won).toHaveLength(20);
      expect(refused).toHaveLength(APPS - 20);
      expect(won.every((r) => r.application.status === 'AWARDED')).toBe(true);
      expect(await availableMinor(app)).toBe(AMOUNT / 2n);
      await ledgerInvariants();
      const statuses = await app.sql(`select status, count(*)::int n from application group by status`);
      expect(statuses.find((s) => s.status === 'AWARDED')!.n).toBe(20 * round);
      // Refused votes left no trace: those applications still wait with two votes each.
      const pending = await app.sql(
        `select count(*)::int n from application a where a.status = 'RECOMMENDED' and (select count(*) from board_vote v where v.application_id = a.id) = 2`,
      );
      expect(pending[0]!.n).toBe((APPS - 20) * round);
    }
    const awards = expectNoErrors(await sec.gql(`{ awards(first: 100) { totalCount } }`));
    expect(awards.awards.totalCount).toBe(60);
  }, 240_000);
});
