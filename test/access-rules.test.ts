import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import { startTestApp, type TestApp } from './helpers/app';
import type { Actor } from '../src/auth/actor';
import { decideRead, READ_RULES, readFilter, type ReadRule } from '../src/auth/read-rule';
import { selectSql } from '../src/compiled-reads/compiler';
import { boardsOf, conflictedSql, conflictsOf, reviewsReadSql, seatedBoards } from '../src/reviews/board';
import { canReadReviews } from '../src/applications/application.policy';
import type { Application } from '../src/applications/application.entity';
import { Role } from '../src/users/user.entity';

/**
 * Every registered read rule (src/auth/read-rule.ts) answers the same in its three forms: the
 * predicate on an entity, the MikroORM filter of the lists, and the SQL the compiled reads run
 * (`selectSql` of that filter). For random rows and random callers of every role, on PostgreSQL,
 * the three select the same rows. The board module (seated members, conflicts) is checked the same
 * way against a model of the rule. Each case runs in a transaction that is rolled back, with
 * foreign keys off (session_replication_role) so rows can point at random ids.
 */

let app: TestApp;
let funds: string[];
let orgs: string[];
/** A pool of user ids that rows and callers both draw from (a caller's own rows). */
const users = Array.from({ length: 4 }, () => randomUUID());

/** The columns a table needs besides the rule's fields (a rule without an entry here fails the test). */
const REQUIRED: Record<string, Record<string, unknown>> = {
  application: {
    call_id: () => randomUUID(),
    project_title: 'p',
    summary: 's',
    requested_minor: 1,
    currency: 'USD',
    duration_months: 1,
    budget_lines: '[]',
    target_beneficiaries: '[]',
    countries: '[]',
    created_by_id: () => randomUUID(),
  },
  award: {
    application_id: () => randomUUID(),
    call_id: () => randomUUID(),
    amount_minor: 1,
    currency: 'USD',
    start_date: '2026-01-01',
    end_date: '2026-12-31',
    approved_at: '2026-01-01T00:00:00Z',
  },
  grant_call: {
    title: 't',
    description: 'd',
    themes: '[]',
    eligible_countries: '[]',
    currency: 'USD',
    min_award_minor: 1,
    max_award_minor: 1,
    envelope_minor: 1,
    max_duration_months: 1,
    opens_at: '2026-01-01T00:00:00Z',
    closes_at: '2026-02-01T00:00:00Z',
    rubric: '[]',
    eligibility_rules: '[]',
    created_by_id: () => randomUUID(),
  },
  concept_note: {
    call_id: () => randomUUID(),
    project_title: 'p',
    summary: 's',
    requested_minor: 1,
    currency: 'USD',
    countries: '[]',
    submitted_at: '2026-01-01T00:00:00Z',
    submitted_by_id: () => randomUUID(),
  },
  pledge: { amount_minor: 1, currency: 'USD', due_date: '2026-06-30', created_by_id: () => randomUUID() },
  organization: {
    legal_name: () => `Org ${randomUUID()}`,
    country: 'NG',
    countries_of_operation: '[]',
  },
  app_user: {
    email: () => `${randomUUID()}@example.org`,
    display_name: 'u',
    password_hash: 'x',
  },
  notification: {
    kind: 'K',
    subject: 's',
    body: 'b',
    dedupe_key: () => randomUUID(),
  },
  contribution: {
    channel: 'WIRE',
    amount_minor: 1,
    currency: 'USD',
    exchange_rate: 1,
    base_amount_minor: 1,
    base_currency: 'USD',
    created_by_id: () => randomUUID(),
  },
};

const ROLLBACK = new Error('rollback');

/** Runs `fn` in a transaction that is always rolled back, with foreign key checks off. */
async function scratch(fn: (tx: EntityManager) => Promise<void>): Promise<void> {
  try {
    await app.orm.em.fork().transactional(async (tx) => {
      await tx.execute('set local session_replication_role = replica');
      await fn(tx as EntityManager);
      throw ROLLBACK;
    });
  } catch (e) {
    if (e !== ROLLBACK) throw e;
  }
}

async function insert(tx: EntityManager, table: string, values: Record<string, unknown>): Promise<void> {
  const cols = Object.keys(values);
  const vals = cols.map((c) => {
    const v = values[c];
    return typeof v === 'function' ? (v as () => unknown)() : v;
  });
  await tx.execute(`insert into ${table} (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')})`, vals);
}

const someOf = <T>(values: T[]) => fc.constantFrom(...values);
/** Ids of the seeded funds or organisations, and one that no grant names. */
const fundArb = () => someOf([...funds, '00000000-0000-7000-8000-000000000001']);
const orgArb = () => someOf([...orgs, '00000000-0000-7000-8000-000000000002']);

const grantArb = (role: fc.Arbitrary<Role>) =>
  fc.record({ role, fundId: fc.option(fundArb(), { nil: null }), organizationId: fc.option(orgArb(), { nil: null }) });

/** A caller holding `role` (on some fund or every fund), maybe other grants, maybe memberships. */
const actorArb = (role: Role): fc.Arbitrary<Actor> =>
  fc
    .record({
      userId: someOf([...users, randomUUID()]),
      first: grantArb(fc.constant(role)),
      more: fc.array(grantArb(someOf(Object.values(Role))), { maxLength: 3 }),
      memberships: fc.subarray([...orgs, '00000000-0000-7000-8000-000000000002']),
    })
    .map(({ userId, first, more, memberships }) => ({
      userId,
      email: 'x@example.org',
      emailVerified: true,
      grants: [first, ...more],
      memberships,
    }));

function rowArb(rule: ReadRule<object>): fc.Arbitrary<Record<string, string>> {
  const fields: Record<string, fc.Arbitrary<string>> = {};
  for (const [field, kind] of Object.entries(rule.fields)) {
    fields[field] =
      kind === 'fund'
        ? fundArb()
        : kind === 'organization'
          ? orgArb()
          : kind === 'user'
            ? someOf(users)
            : someOf([...kind]);
  }
  return fc.record(fields);
}

const sorted = (ids: string[]) => [...ids].sort();

beforeAll(async () => {
  app = await startTestApp();
  funds = (await app.sql<{ id: string }>('select id from fund order by id')).map((r) => r.id);
  orgs = (await app.sql<{ id: string }>('select id from organization order by id')).map((r) => r.id);
}, 120_000);
afterAll(async () => {
  await app.stop();
});

describe('read rules: predicate, list filter and compiled SQL agree', () => {
  it('has the read rules of the entities with a read policy registered', () => {
    expect(READ_RULES.map((r) => r.name).sort()).toEqual(
      expect.arrayContaining([
        'application',
        'award',
        'contribution',
        'grantCall',
        'notification',
        'organization',
        'pledge',
        'user',
      ]),
    );
  });

  for (const rule of READ_RULES) {
    it(`${rule.name}: the same rows for random data and callers of every role (and none)`, async () => {
      const em = app.orm.em;
      const meta = em.getMetadata().get(rule.entity.name);
      const required = REQUIRED[meta.tableName];
      if (!required) throw new Error(`no test rows for ${meta.tableName}: add its required columns to REQUIRED`);
      const column = (field: string) => meta.properties[field as never]!.fieldNames[0]!;
      const callers = fc.oneof(fc.constant(null), ...Object.values(Role).map(actorArb));
      await fc.assert(
        // A rule on the row's own id (organisation, user) draws distinct ids.
        fc.asyncProperty(
          fc.uniqueArray(rowArb(rule), { maxLength: 10, selector: (r) => r.id ?? r }),
          callers,
          async (rows, actor) => {
            await scratch(async (tx) => {
              await tx.execute(`delete from ${meta.tableName}`);
              for (const row of rows) {
                const own = Object.fromEntries(Object.entries(row).map(([f, v]) => [column(f), v]));
                await insert(tx, meta.tableName, { id: randomUUID(), ...required, ...own });
              }
              const all = await tx.find(rule.entity, {});
              const byPredicate = all.filter((r) => decideRead(rule, actor, r).allowed);
              const where = readFilter(rule, actor);
              const byFilter = await tx.find(rule.entity, where);
              const bySql = await tx.execute<{ id: string }[]>(
                selectSql(tx, rule.entity, where as FilterQuery<object>),
              );
              const ids = (list: object[]) => sorted(list.map((r) => (r as { id: string }).id));
              expect(ids(byFilter)).toEqual(ids(byPredicate));
              expect(ids(bySql)).toEqual(ids(byPredicate));
            });
          },
        ),
        { numRuns: 60 },
      );
    }, 120_000);
  }
});

describe('the board: seated members and conflicts of interest, every form', () => {
  it('agrees with the rule for random grants, declarations and memberships', async () => {
    const users = Array.from({ length: 5 }, () => randomUUID());
    const grant = fc.record({
      user: someOf(users),
      role: someOf([Role.BOARD_MEMBER, Role.SECRETARIAT]),
      fund: fc.option(fundArb(), { nil: null }),
    });
    const application = fc.record({ fund: fundArb(), org: orgArb() });
    const declaration = fc.record({
      member: someOf(users),
      hasConflict: fc.boolean(),
      // An index into the applications, or an organisation.
      target: fc.oneof(
        fc.nat({ max: 3 }).map((i) => ({ app: i })),
        orgArb().map((o) => ({ org: o })),
      ),
    });
    const membership = fc.record({ user: someOf(users), org: orgArb() });
    await fc.assert(
      fc.asyncProperty(
        fc.array(grant, { maxLength: 8 }),
        fc.array(application, { minLength: 1, maxLength: 4 }),
        fc.array(declaration, { maxLength: 8 }),
        fc.uniqueArray(membership, { maxLength: 5, selector: (m) => `${m.user}|${m.org}` }),
        async (grants, apps, decls, members) => {
          await scratch(async (tx) => {
            for (const t of ['role_grant', 'conflict_declaration', 'membership', 'application']) {
              await tx.execute(`delete from ${t}`);
            }
            const appIds = apps.map(() => randomUUID());
            for (const [i, a] of apps.entries()) {
              await insert(tx, 'application', {
                id: appIds[i],
                ...REQUIRED.application,
                fund_id: a.fund,
                organization_id: a.org,
              });
            }
            for (const g of grants) {
              await insert(tx, 'role_grant', { id: randomUUID(), user_id: g.user, role: g.role, fund_id: g.fund });
            }
            for (const d of decls) {
              const appId = 'app' in d.target ? (appIds[d.target.app] ?? appIds[0]!) : null;
              await insert(tx, 'conflict_declaration', {
                id: randomUUID(),
                member_id: d.member,
                fund_id: funds[0],
                application_id: appId,
                organization_id: 'org' in d.target ? d.target.org : null,
                has_conflict: d.hasConflict,
                nature: 'n',
                declared_at: '2026-01-01T00:00:00Z',
              });
            }
            for (const m of members) {
              await insert(tx, 'membership', { id: randomUUID(), user_id: m.user, organization_id: m.org });
            }

            // The model: the rule as the product owner states it.
            const seatedOn = (fund: string) =>
              sorted([
                ...new Set(
                  grants
                    .filter((g) => g.role === Role.BOARD_MEMBER && (g.fund === null || g.fund === fund))
                    .map((g) => g.user),
                ),
              ]);
            const conflicted = (user: string, i: number) =>
              members.some((m) => m.user === user && m.org === apps[i]!.org) ||
              decls.some((d) => {
                if (d.member !== user || !d.hasConflict) return false;
                if ('org' in d.target) return d.target.org === apps[i]!.org;
                return (appIds[d.target.app] ?? appIds[0]) === appIds[i];
              });

            const boards = await boardsOf(tx, appIds);
            const seatedByFund = await seatedBoards(tx, funds);
            for (const [i, a] of apps.entries()) {
              expect(sorted(boards[i]!.seated)).toEqual(seatedOn(a.fund));
              const fundIndex = funds.indexOf(a.fund);
              if (fundIndex >= 0) expect(sorted(seatedByFund[fundIndex]!)).toEqual(seatedOn(a.fund));
              expect(sorted([...boards[i]!.conflicted])).toEqual(seatedOn(a.fund).filter((u) => conflicted(u, i)));
            }
            for (const user of users) {
              const mine = await conflictsOf(tx, user, appIds);
              const inSql = await tx.execute<{ id: string }[]>(
                `select a.id from application a where ${conflictedSql('?', 'a')}`,
                [user, user],
              );
              appIds.forEach((id, i) => {
                expect(mine[i]!.conflicted).toBe(conflicted(user, i));
                expect(inSql.some((r) => r.id === id)).toBe(conflicted(user, i));
              });
            }
          });
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});

describe('the reviews rule: the predicate and the SQL of the compiled reads agree', () => {
  it('selects the same applications for random callers, applications, declarations and memberships', async () => {
    const application = fc.record({ fund: fundArb(), org: orgArb() });
    const declaration = fc.record({
      hasConflict: fc.boolean(),
      target: fc.oneof(
        fc.nat({ max: 3 }).map((i) => ({ app: i })),
        orgArb().map((o) => ({ org: o })),
      ),
    });
    const callers = fc.oneof(fc.constant(null), ...Object.values(Role).map(actorArb));
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(
        callers,
        fc.array(application, { minLength: 1, maxLength: 4 }),
        fc.array(declaration, { maxLength: 5 }),
        async (actor, apps, decls) => {
          await scratch(async (tx) => {
            for (const t of ['conflict_declaration', 'membership', 'application']) await tx.execute(`delete from ${t}`);
            const appIds = apps.map(() => randomUUID());
            for (const [i, a] of apps.entries()) {
              await insert(tx, 'application', {
                id: appIds[i],
                ...REQUIRED.application,
                fund_id: a.fund,
                organization_id: a.org,
              });
            }
            if (actor) {
              for (const d of decls) {
                await insert(tx, 'conflict_declaration', {
                  id: randomUUID(),
                  member_id: actor.userId,
                  fund_id: funds[0],
                  application_id: 'app' in d.target ? (appIds[d.target.app] ?? appIds[0]) : null,
                  organization_id: 'org' in d.target ? d.target.org : null,
                  has_conflict: d.hasConflict,
                  nature: 'n',
                  declared_at: '2026-01-01T00:00:00Z',
                });
              }
              for (const org of actor.memberships) {
                await insert(tx, 'membership', { id: randomUUID(), user_id: actor.userId, organization_id: org });
              }
            }
            // The predicate, as the resolvers use it: the caller's conflict from the board module.
            const conflicts = actor ? await conflictsOf(tx, actor.userId, appIds) : [];
            const byPredicate = appIds.filter(
              (id, i) =>
                canReadReviews(
                  actor,
                  { id, fund: { id: apps[i]!.fund }, organization: { id: apps[i]!.org } } as Application,
                  conflicts[i]?.conflicted ?? false,
                ).allowed,
            );
            const rule = reviewsReadSql(actor, [...new Set(apps.map((a) => a.fund))], 'a');
            // No SQL form: the compiled read falls back to the resolvers, which use the predicate itself.
            if (!rule) return;
            compared += 1;
            const bySql = await tx.execute<{ id: string }[]>(
              `select a.id from application a where a.id in (?)${rule.refuseWhen ? ` and not ${rule.refuseWhen}` : ''}`,
              [appIds],
            );
            expect(sorted(bySql.map((r) => r.id))).toEqual(sorted(byPredicate));
          });
        },
      ),
      { numRuns: 120 },
    );
    // The SQL form was exercised, not only the fallback.
    expect(compared).toBeGreaterThan(10);
  }, 120_000);
});
