/**
 * Deterministic data generator for the benchmarks: a realistic fund written straight into the real
 * tables with multi-row `insert … select from unnest(…)`, so every CHECK, foreign key and trigger
 * (balanced ledger groups, append-only tables) still applies. Same seed, same rows.
 */
import type { Client } from 'pg';
import { createHash } from 'node:crypto';
import { chainHash, GENESIS_HASH } from '../src/audit/hash';
import { allocate } from '../src/core/money';
import { progress } from '../src/core/progress';
import { supportCostOf } from '../src/contributions/contribution.ledger';

export interface Profile {
  donors: number;
  ngos: number;
  contributions: number;
  calls: number;
  applicationsPerCall: number;
  /** Of each 10 applications of a call, this many are AWARDED. */
  awardedPerTen: number;
  auditEvents: number;
  /** RECOMMENDED applications one approval short, for the board-vote benchmark. */
  voteReady: number;
  /** Awards with one APPROVED tranche, for the payment benchmark (when the schema has payments). */
  payReady: number;
  /**
   * Funds besides UNVTF, for the "1 fund vs 10 funds" write figures: each gets the same staff and
   * board, one contribution in 50 (its cash) and a share of the vote-ready and pay-ready rows; UNVTF
   * keeps half of those and everything else, so its reads stay as in a one-fund database.
   */
  extraFunds: number;
}

export const PROFILES: Record<string, Profile> = {
  // 2,000 applications, 600 awards, 1,500 tranches (half the awards in 2, half in 3 tranches).
  default: {
    donors: 200,
    ngos: 300,
    contributions: 5_000,
    calls: 20,
    applicationsPerCall: 100,
    awardedPerTen: 3,
    auditEvents: 200_000,
    voteReady: 3_000,
    payReady: 1_500,
    extraFunds: 9,
  },
  large: {
    donors: 200,
    ngos: 300,
    contributions: 1_000_000,
    calls: 20,
    applicationsPerCall: 100,
    awardedPerTen: 3,
    auditEvents: 10_000_000,
    voteReady: 3_000,
    payReady: 1_500,
    extraFunds: 9,
  },
};

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const T0 = Date.UTC(2024, 0, 1);
const DAY = 86_400_000;

export interface Generated {
  fundId: string;
  /** UNVTF first, then the extra funds. */
  fundIds: string[];
  users: { admin: string; secretariat: string; auditor: string; trustees: string[] };
  /** RECOMMENDED applications with two approvals: one more decides. */
  voteReady: string[];
  /** APPROVED tranches ready to be paid (empty when the schema has no tranche approval columns). */
  payReady: string[];
  counts: Record<string, number>;
  seconds: number;
}

type Col = [name: string, pgType: string];

/** One statement per chunk: `insert into t (cols) select * from unnest($1::type[], …)`. */
async function insert(client: Client, table: string, cols: Col[], rows: unknown[][], chunk = 10_000): Promise<void> {
  for (let from = 0; from < rows.length; from += chunk) {
    const part = rows.slice(from, from + chunk);
    const arrays = cols.map((_, i) => part.map((r) => r[i]));
    const unnest = cols.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ');
    await client.query(
      `insert into ${table} (${cols.map(([n]) => n).join(', ')}) select * from unnest(${unnest})`,
      arrays,
    );
  }
}

export async function generate(client: Client, profile: Profile, seed = 7): Promise<Generated> {
  const started = Date.now();
  const rnd = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  let tick = T0;
  // UUIDv7 whose time part increases with every id: keyset pages follow generation order.
  const uuid = (): string => {
    const h = (tick++).toString(16).padStart(12, '0');
    const hex = (n: number) =>
      Math.floor(rnd() * 16 ** n)
        .toString(16)
        .padStart(n, '0');
    const variant = (8 + Math.floor(rnd() * 4)).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8)}-7${hex(3)}-${variant}${hex(3)}-${hex(6)}${hex(6)}`;
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  const date = (ms: number) => iso(ms).slice(0, 10);
  const counts: Record<string, number> = {};
  const ledger: unknown[][] = [];
  const ledgerCols: Col[] = [
    ['txn_id', 'uuid'], ['fund_id', 'uuid'], ['account', 'text'], ['debit_minor', 'bigint'],
    ['credit_minor', 'bigint'], ['currency', 'text'], ['kind', 'text'], ['source_type', 'text'],
    ['source_id', 'text'], ['description', 'text'], ['value_date', 'date'],
  ]; // prettier-ignore
  const flushLedger = async () => {
    counts.ledger_entry = (counts.ledger_entry ?? 0) + ledger.length;
    // One transaction: the deferred balance trigger checks the groups at commit, across chunks.
    await client.query('begin');
    await insert(client, 'ledger_entry', ledgerCols, ledger.splice(0), 30_000);
    await client.query('commit');
  };

  // Fund, staff, board.
  const fundId = uuid();
  await client.query(
    `insert into fund (id, code, name, base_currency, support_cost_rate_bps, min_approvals, tranche_weights)
     values ($1, 'UNVTF', 'United Nations Voluntary Trust Fund for Victims of Trafficking in Persons', 'USD', 1300, 3, '[70,30]')`,
    [fundId],
  );
  const extraFunds = Array.from({ length: profile.extraFunds }, () => uuid());
  for (const [k, id] of extraFunds.entries()) {
    await client.query(
      `insert into fund (id, code, name, base_currency, support_cost_rate_bps, min_approvals, tranche_weights)
       values ($1, $2, $3, 'USD', 1300, 3, '[70,30]')`,
      [id, `BENCH${k + 2}`, `Benchmark fund ${k + 2}`],
    );
  }
  const fundIds = [fundId, ...extraFunds];
  const users = { admin: uuid(), secretariat: uuid(), auditor: uuid(), trustees: [1, 2, 3, 4, 5].map(() => uuid()) };
  const userRows = [
    [users.admin, 'admin@bench.vtf.example', 'Bench Admin'],
    [users.secretariat, 'secretariat@bench.vtf.example', 'Bench Secretariat'],
    [users.auditor, 'auditor@bench.vtf.example', 'Bench Auditor'],
    ...users.trustees.map((id, i) => [id, `trustee${i + 1}@bench.vtf.example`, `Bench Trustee ${i + 1}`]),
  ].map((r) => [...r, 'bench-no-login']);
  await insert(client, 'app_user', [['id', 'uuid'], ['email', 'text'], ['display_name', 'text'], ['password_hash', 'text']], userRows); // prettier-ignore
  const grants: unknown[][] = [
    [uuid(), users.admin, 'ADMIN', null],
    [uuid(), users.auditor, 'AUDITOR', null],
    ...fundIds.flatMap((f) => [
      [uuid(), users.secretariat, 'SECRETARIAT', f],
      ...users.trustees.map((t) => [uuid(), t, 'BOARD_MEMBER', f]),
    ]),
  ];
  await insert(client, 'role_grant', [['id', 'uuid'], ['user_id', 'uuid'], ['role', 'text'], ['fund_id', 'uuid']], grants); // prettier-ignore

  // Organisations.
  const countries = ['NG', 'GH', 'KE', 'PH', 'TH', 'MX', 'CO', 'RO', 'UA', 'NP', 'BD', 'ET'];
  const donors: string[] = [];
  const ngos: string[] = [];
  const orgRows: unknown[][] = [];
  for (let i = 0; i < profile.donors; i++) {
    const id = uuid();
    donors.push(id);
    orgRows.push([id, 'DONOR', `Donor ${i + 1} Foreign Ministry`, pick(['DE', 'FR', 'US', 'JP', 'SE', 'NL']), '[]']);
  }
  for (let i = 0; i < profile.ngos; i++) {
    const id = uuid();
    ngos.push(id);
    const c = pick(countries);
    orgRows.push([id, 'NGO', `Safe Harbour Network ${i + 1}`, c, JSON.stringify([c])]);
  }
  await insert(
    client,
    'organization',
    [['id', 'uuid'], ['kind', 'text'], ['legal_name', 'text'], ['country', 'text'], ['countries_of_operation', 'jsonb']],
    orgRows.map((r) => [...r]),
  ); // prettier-ignore
  await client.query(`update organization set vetting_status = 'VERIFIED', vetting_reason = 'bench'`);
  await client.query(
    `update organization set bank_account = jsonb_build_object('accountHolder', legal_name, 'bankName', 'Bench Bank',
       'iban', 'NG00BENCH' || lpad(md5(id::text), 20, '0'), 'swift', null) where kind = 'NGO'`,
  );
  // Confirmed by the secretariat (docs/bank-accounts.md), where the schema has the confirmation.
  const bankStatus = await client.query(
    `select 1 from information_schema.columns where table_name = 'organization' and column_name = 'bank_account_status'`,
  );
  if (bankStatus.rowCount) {
    await client.query(`update organization set bank_account_status = 'CONFIRMED' where kind = 'NGO'`);
  }
  counts.organization = orgRows.length;

  // Contributions (wire receipts), each with its CONTRIBUTION_RECEIVED ledger group.
  const contribCols: Col[] = [
    ['id', 'uuid'], ['fund_id', 'uuid'], ['donor_organization_id', 'uuid'], ['channel', 'text'], ['status', 'text'],
    ['amount_minor', 'bigint'], ['currency', 'text'], ['exchange_rate', 'numeric'], ['base_amount_minor', 'bigint'],
    ['base_currency', 'text'], ['booked_base_minor', 'bigint'], ['booked_support_cost_minor', 'bigint'],
    ['receipt_booked', 'boolean'], ['succeeded', 'boolean'], ['value_date', 'date'], ['bank_reference', 'text'],
    ['created_by_id', 'uuid'],
  ]; // prettier-ignore
  let contribs: unknown[][] = [];
  const contribProgress = progress('contributions', profile.contributions);
  for (let i = 0; i < profile.contributions; i++) {
    const id = uuid();
    const amount = BigInt(int(1_000, 500_000)) * 100n;
    const sc = supportCostOf(amount, 1300);
    const vd = date(T0 + Math.floor((i / profile.contributions) * 600) * DAY);
    const cf = i % 50 < extraFunds.length ? extraFunds[i % 50]! : fundId;
    contribs.push([id, cf, donors[i % donors.length], 'WIRE', 'RECEIVED', String(amount), 'USD', '1',
      String(amount), 'USD', String(amount), String(sc), true, true, vd, `BENCH-${i + 1}`, users.secretariat]); // prettier-ignore
    const txn = uuid();
    const line = (account: string, debit: bigint, credit: bigint) =>
      ledger.push([txn, cf, account, String(debit), String(credit), 'USD', 'CONTRIBUTION_RECEIVED',
        'Contribution', id, `Wire BENCH-${i + 1}`, vd]); // prettier-ignore
    line('CASH', amount, 0n);
    line('CONTRIBUTIONS_INCOME', 0n, amount - sc);
    line('SUPPORT_COST_PAYABLE', 0n, sc);
    if (contribs.length >= 30_000) {
      await insert(client, 'contribution', contribCols, contribs);
      contribs = [];
      await flushLedger();
      contribProgress.update(i + 1);
    }
  }
  await insert(client, 'contribution', contribCols, contribs);
  await flushLedger();
  contribProgress.end();
  counts.contribution = profile.contributions;

  // Calls, applications, reviews, awards with AWARD_COMMITTED groups, tranches.
  const rubric = JSON.stringify([
    { key: 'impact', label: 'Impact on victims', weight: 60 },
    { key: 'cost', label: 'Value for money', weight: 40 },
  ]);
  const callCols: Col[] = [
    ['id', 'uuid'], ['fund_id', 'uuid'], ['title', 'text'], ['description', 'text'], ['themes', 'jsonb'],
    ['eligible_countries', 'jsonb'], ['currency', 'text'], ['min_award_minor', 'bigint'], ['max_award_minor', 'bigint'],
    ['envelope_minor', 'bigint'], ['max_duration_months', 'int'], ['opens_at', 'timestamptz'],
    ['closes_at', 'timestamptz'], ['rubric', 'jsonb'], ['eligibility_rules', 'jsonb'], ['status', 'text'],
    ['created_by_id', 'uuid'],
  ]; // prettier-ignore
  const appCols: Col[] = [
    ['id', 'uuid'], ['call_id', 'uuid'], ['fund_id', 'uuid'], ['organization_id', 'uuid'], ['project_title', 'text'],
    ['summary', 'text'], ['requested_minor', 'bigint'], ['currency', 'text'], ['duration_months', 'int'],
    ['budget_lines', 'jsonb'], ['target_beneficiaries', 'jsonb'], ['countries', 'jsonb'], ['status', 'text'],
    ['version', 'int'], ['submitted_at', 'timestamptz'], ['created_by_id', 'uuid'], ['recommended_by_id', 'uuid'],
    ['recommended_at', 'timestamptz'], ['proposed_minor', 'bigint'], ['decided_at', 'timestamptz'],
  ]; // prettier-ignore
  const calls: unknown[][] = [];
  const apps: unknown[][] = [];
  const reviews: unknown[][] = [];
  const votes: unknown[][] = [];
  const awards: unknown[][] = [];
  const tranches: unknown[][] = [];
  const appIds: string[] = [];
  const statuses = [
    'SUBMITTED',
    'ELIGIBLE',
    'UNDER_REVIEW',
    'RECOMMENDED',
    'NOT_RECOMMENDED',
    'REJECTED',
    'INELIGIBLE',
  ];
  const themes = JSON.stringify(['shelter', 'legal aid', 'reintegration']);
  let awardCount = 0;
  const makeApp = (callId: string, org: string, status: string, at: number, requested: bigint, fund = fundId) => {
    const id = uuid();
    const recommended = ['RECOMMENDED', 'APPROVED', 'AWARDED', 'REJECTED'].includes(status);
    const decided = ['APPROVED', 'AWARDED', 'REJECTED'].includes(status);
    const half = requested / 2n;
    apps.push([id, callId, fund, org, `Shelter and legal aid for survivors, phase ${int(1, 9)}`,
      'Safe accommodation, medical and psychological care, legal assistance and reintegration support.',
      String(requested), 'USD', 12 + int(0, 12),
      JSON.stringify([{ category: 'Shelter', description: 'Rent and running costs', amountMinor: String(half) },
        { category: 'Staff', description: 'Case workers', amountMinor: String(requested - half) }]),
      JSON.stringify([{ sex: 'FEMALE', ageGroup: 'ADULT', exploitation: 'SEXUAL_EXPLOITATION', count: int(20, 200) }]),
      JSON.stringify([pick(countries)]), status, 1, iso(at),
      users.secretariat, recommended ? users.secretariat : null, recommended ? iso(at + DAY) : null,
      recommended ? String(requested) : null, decided ? iso(at + 2 * DAY) : null]); // prettier-ignore
    return id;
  };
  for (let c = 0; c < profile.calls; c++) {
    const callId = uuid();
    const opens = T0 + c * 20 * DAY;
    const open = c === profile.calls - 1;
    calls.push([callId, fundId, `Call for proposals ${2024 + Math.floor(c / 10)}-${(c % 10) + 1}`,
      'Direct assistance to victims of trafficking in persons, especially women and children.', themes, '[]', 'USD',
      '5000000', '20000000', '2000000000', 24, iso(opens), open ? iso(Date.UTC(2099, 0, 1)) : iso(opens + 30 * DAY),
      rubric, '[]', open ? 'OPEN' : 'DECIDED', users.secretariat]); // prettier-ignore
    for (let j = 0; j < profile.applicationsPerCall; j++) {
      const awarded = j % 10 < profile.awardedPerTen;
      const status = awarded ? 'AWARDED' : statuses[int(0, statuses.length - 1)]!;
      const requested = BigInt(int(50, 200)) * 100_000n;
      const at = opens + DAY + j * 60_000;
      const appId = makeApp(callId, ngos[(c * 7 + j) % ngos.length]!, status, at, requested);
      appIds.push(appId);
      if (!['SUBMITTED', 'ELIGIBLE', 'INELIGIBLE'].includes(status)) {
        for (const t of users.trustees.slice(0, 3)) {
          const impact = int(3, 10);
          const cost = int(3, 10);
          reviews.push([uuid(), appId, t, JSON.stringify([{ criterion: 'impact', score: impact }, { criterion: 'cost', score: cost }]),
            'Sound plan; strong local partners.', impact * 60 + cost * 40]); // prettier-ignore
        }
      }
      if (!awarded) continue;
      const awardId = uuid();
      const start = opens + 60 * DAY;
      awards.push([awardId, appId, fundId, callId, ngos[(c * 7 + j) % ngos.length], String(requested), 'USD', 'ACTIVE',
        date(start), date(start + 365 * DAY), iso(opens + 45 * DAY)]); // prettier-ignore
      const weights = awardCount++ % 2 === 0 ? [50, 30, 20] : [70, 30];
      allocate(requested, weights).forEach((amount, k) =>
        tranches.push([uuid(), awardId, k + 1, String(amount), date(start + k * 180 * DAY), 'SCHEDULED']),
      );
      const txn = uuid();
      const vd = date(opens + 45 * DAY);
      for (const [account, d, cr] of [
        ['GRANT_EXPENSE', requested, 0n],
        ['GRANTS_PAYABLE', 0n, requested],
      ] as const) {
        ledger.push([txn, fundId, account, String(d), String(cr), 'USD', 'AWARD_COMMITTED', 'Award', awardId,
          'Award to Shelter and legal aid', vd]); // prettier-ignore
      }
    }
  }
  // Rounds of the write benchmarks (board votes, payments): UNVTF holds half of each, in calls of
  // one application per NGO; each extra fund one call with its share of the other half.
  const rounds = (total: number): { fund: string; size: number }[] => {
    const own = extraFunds.length ? Math.ceil(total / 2) : total;
    const list = Array.from({ length: Math.ceil(own / ngos.length) }, (_, c) => ({
      fund: fundId,
      size: Math.min(ngos.length, own - c * ngos.length),
    }));
    const share = Math.min(ngos.length, Math.ceil((total - own) / Math.max(1, extraFunds.length)));
    return [...list, ...extraFunds.map((fund) => ({ fund, size: share }))];
  };
  // Voting rounds for the mutation benchmark: two approvals recorded, one more decides.
  const voteReady: string[] = [];
  for (const [c, { fund, size }] of rounds(profile.voteReady).entries()) {
    const callId = uuid();
    calls.push([callId, fund, `Board round ${c + 1}`, 'Applications awaiting the board.', themes, '[]', 'USD',
      '5000000', '20000000', '1000000000000', 24, iso(T0 + 400 * DAY), iso(T0 + 430 * DAY), rubric, '[]',
      'IN_REVIEW', users.secretariat]); // prettier-ignore
    for (let j = 0; j < size; j++) {
      const appId = makeApp(callId, ngos[j]!, 'RECOMMENDED', T0 + 401 * DAY, 5_000_000n, fund);
      voteReady.push(appId);
      for (const t of users.trustees.slice(0, 2)) {
        votes.push([uuid(), appId, t, 'APPROVE', 'Strong proposal.', iso(T0 + 440 * DAY)]);
      }
    }
  }
  // Disbursement rounds: awards whose single tranche is APPROVED (four eyes already done), when the
  // schema has the post-award columns (issue 5). The secretariat that records the payment approved
  // the tranche; another user requested it (the requester may not record its payment).
  const payReady: string[] = [];
  const approvedCols = await client.query(
    `select 1 from information_schema.columns where table_name = 'tranche' and column_name = 'approved_by_id'`,
  );
  const payRounds = approvedCols.rowCount ? rounds(profile.payReady) : [];
  const approvedTranches: unknown[][] = [];
  for (const [c, { fund, size }] of payRounds.entries()) {
    const callId = uuid();
    const opens = T0 + 450 * DAY;
    calls.push([callId, fund, `Disbursement round ${c + 1}`, 'Awards with a tranche approved for payment.', themes,
      '[]', 'USD', '5000000', '20000000', '1000000000000', 24, iso(opens), iso(opens + 30 * DAY), rubric, '[]',
      'DECIDED', users.secretariat]); // prettier-ignore
    for (let j = 0; j < size; j++) {
      const amount = 5_000_000n;
      const appId = makeApp(callId, ngos[j]!, 'AWARDED', opens + DAY, amount, fund);
      const awardId = uuid();
      awards.push([awardId, appId, fund, callId, ngos[j], String(amount), 'USD', 'ACTIVE', date(opens + 60 * DAY),
        date(opens + 425 * DAY), iso(opens + 45 * DAY)]); // prettier-ignore
      const trancheId = uuid();
      payReady.push(trancheId);
      approvedTranches.push([trancheId, awardId, 1, String(amount), date(opens + 60 * DAY), 'APPROVED',
        users.admin, iso(opens + 50 * DAY), users.secretariat, iso(opens + 51 * DAY)]); // prettier-ignore
      const txn = uuid();
      for (const [account, d, cr] of [
        ['GRANT_EXPENSE', amount, 0n],
        ['GRANTS_PAYABLE', 0n, amount],
      ] as const) {
        ledger.push([txn, fund, account, String(d), String(cr), 'USD', 'AWARD_COMMITTED', 'Award', awardId,
          'Award to Shelter and legal aid', date(opens + 45 * DAY)]); // prettier-ignore
      }
    }
  }
  await insert(client, 'grant_call', callCols, calls);
  await insert(client, 'application', appCols, apps);
  await insert(client, 'review', [['id', 'uuid'], ['application_id', 'uuid'], ['reviewer_id', 'uuid'], ['scores', 'jsonb'], ['comment', 'text'], ['weighted_hundredths', 'int']], reviews); // prettier-ignore
  await insert(client, 'board_vote', [['id', 'uuid'], ['application_id', 'uuid'], ['voter_id', 'uuid'], ['choice', 'text'], ['reason', 'text'], ['cast_at', 'timestamptz']], votes); // prettier-ignore
  await insert(client, 'award', [['id', 'uuid'], ['application_id', 'uuid'], ['fund_id', 'uuid'], ['call_id', 'uuid'], ['organization_id', 'uuid'], ['amount_minor', 'bigint'], ['currency', 'text'], ['status', 'text'], ['start_date', 'date'], ['end_date', 'date'], ['approved_at', 'timestamptz']], awards); // prettier-ignore
  await insert(client, 'tranche', [['id', 'uuid'], ['award_id', 'uuid'], ['number', 'int'], ['planned_minor', 'bigint'], ['planned_date', 'date'], ['status', 'text']], tranches); // prettier-ignore
  await insert(client, 'tranche', [['id', 'uuid'], ['award_id', 'uuid'], ['number', 'int'], ['planned_minor', 'bigint'], ['planned_date', 'date'], ['status', 'text'], ['requested_by_id', 'uuid'], ['requested_at', 'timestamptz'], ['approved_by_id', 'uuid'], ['approved_at', 'timestamptz']], approvedTranches); // prettier-ignore
  await flushLedger();
  Object.assign(counts, {
    grant_call: calls.length,
    application: apps.length,
    review: reviews.length,
    board_vote: votes.length,
    award: awards.length,
    tranche: tranches.length + approvedTranches.length,
  });

  // The audit trail: a valid chain hashed with the API's own chainHash.
  const ACTIONS = ['application.submit', 'application.screen', 'application.recommend', 'application.update'];
  const actors = [users.secretariat, ...users.trustees];
  const auditCols: Col[] = [
    ['seq', 'bigint'], ['occurred_at', 'timestamptz'], ['actor_id', 'uuid'], ['actor_role', 'text'], ['action', 'text'],
    ['entity_type', 'text'], ['entity_id', 'text'], ['fund_id', 'uuid'], ['before', 'jsonb'], ['after', 'jsonb'],
    ['request_id', 'text'], ['prev_hash', 'text'], ['hash', 'text'],
  ]; // prettier-ignore
  let prevHash = GENESIS_HASH;
  let batch: unknown[][] = [];
  const auditStart = T0;
  // Events one second apart, ending well before "now", so live events sort after the generated ones.
  const auditProgress = progress('audit events', profile.auditEvents);
  for (let seq = 1; seq <= profile.auditEvents; seq++) {
    const k = seq % ACTIONS.length;
    const p = {
      seq: String(seq),
      occurredAt: iso(auditStart + seq * 1000),
      actorId: actors[seq % actors.length]!,
      actorRole: seq % actors.length === 0 ? 'SECRETARIAT' : 'BOARD_MEMBER',
      action: ACTIONS[k]!,
      entityType: 'Application',
      entityId: appIds[seq % appIds.length]!,
      fundId,
      before: { status: 'SUBMITTED' },
      after: { status: 'ELIGIBLE', step: seq },
      requestId: createHash('md5').update(`r${seed}:${seq}`).digest('hex'),
      prevHash,
    };
    const hash = chainHash(p);
    batch.push([p.seq, p.occurredAt, p.actorId, p.actorRole, p.action, p.entityType, p.entityId, p.fundId,
      JSON.stringify(p.before), JSON.stringify(p.after), p.requestId, p.prevHash, hash]); // prettier-ignore
    prevHash = hash;
    if (batch.length === 20_000) {
      await insert(client, 'audit_event', auditCols, batch);
      auditProgress.update(seq);
      batch = [];
    }
  }
  await insert(client, 'audit_event', auditCols, batch);
  auditProgress.end();
  counts.audit_event = profile.auditEvents;
  await client.query('vacuum analyze');
  return { fundId, fundIds, users, voteReady, payReady, counts, seconds: (Date.now() - started) / 1000 };
}
