import fc from 'fast-check';
import {
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { toGlobalId } from 'graphql-relay';
import { buildAppSchema } from '../../src/graphql/schema';
import { startTestApp, type GqlClient, type TestApp } from '../helpers/app';
import { operationFor, schemaOperations } from './schema-ops';

/**
 * Schema-driven fuzzing: every query and mutation of the schema, with random, huge, unicode and
 * ill-typed variables, as an anonymous caller and as each role. The server must never answer 5xx,
 * never fail with INTERNAL_SERVER_ERROR (an unexpected error is a bug, even masked), never leak a stack.
 */
let app: TestApp;
let schema: GraphQLSchema;
beforeAll(async () => {
  [app, schema] = await Promise.all([startTestApp(), buildAppSchema()]);
});
afterAll(async () => {
  await app.stop();
});

const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
const RUNS = Number(process.env.FUZZ_RUNS ?? 6);

const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom(
    '',
    ' ',
    "'; drop table fund; --",
    '\u0000',
    'nul\u0000inside',
    // Lone UTF-16 surrogates: not Unicode, PostgreSQL cannot store them.
    '\ud800',
    'lone \udfff low',
    'bell\u0007 and escape\u001b',
    '🙂'.repeat(50),
    '%s%n',
    '../../etc/passwd',
    'NaN',
    '-1',
    '1e309',
    '0x10',
    'null',
  ),
  fc.integer({ min: 1000, max: 60_000 }).map((n) => 'x'.repeat(n)),
);
/** Dates of the right shape that name no day: 30 February, 29 February of a common year, year 0, month 13. */
const impossibleDate = fc.oneof(
  fc.integer({ min: 1900, max: 2100 }).map((y) => `${y}-02-30`),
  fc
    .integer({ min: 1900, max: 2100 })
    .filter((y) => y % 4 !== 0)
    .map((y) => `${y}-02-29`),
  fc.constantFrom('2027-02-30', '2027-04-31', '0000-01-01', '2027-00-10', '2027-13-01', '2027-12-32'),
);
const typeNames = [
  'Fund',
  'Organization',
  'User',
  'AuditEvent',
  'Pledge',
  'Contribution',
  'GrantCall',
  'Application',
  'Award',
  'Tranche',
  'Report',
  'Document',
  'Nope',
];
const idLike = fc.oneof(
  nastyString,
  fc.tuple(fc.constantFrom(...typeNames), fc.uuid()).map(([t, u]) => toGlobalId(t, u)),
  fc.tuple(fc.constantFrom(...typeNames), nastyString).map(([t, u]) => toGlobalId(t, u)),
  fc
    .tuple(fc.constantFrom(...typeNames), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }))
    .map(([t, n]) => toGlobalId(t, n.toString())),
  fc
    .constantFrom('9223372036854775807', '9223372036854775808', '9999999999999999999')
    .map((n) => toGlobalId('AuditEvent', n)),
);
/** Page cursors: well-formed wrappers around keys of the wrong form. */
const cursorLike = fc
  .oneof(fc.uuid(), nastyString, fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String))
  .map((k) => Buffer.from(`c:${k}`, 'utf8').toString('base64url'));
const decimalLike = fc.oneof(
  fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map((n) => n.toString()),
  fc.tuple(fc.nat(10 ** 9), fc.nat(999_999)).map(([a, b]) => `${a}.${b}`),
  nastyString,
);

function valueFor(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return valueFor(type.ofType, depth);
  const nullable = <T>(a: fc.Arbitrary<T>) =>
    fc.oneof({ weight: 9, arbitrary: a }, { weight: 1, arbitrary: fc.constant(null) });
  if (isListType(type)) return nullable(fc.array(valueFor(type.ofType, depth + 1), { maxLength: depth > 2 ? 1 : 5 }));
  if (isEnumType(type))
    return nullable(
      fc.oneof(
        { weight: 9, arbitrary: fc.constantFrom(...type.getValues().map((v) => v.name)) },
        { weight: 1, arbitrary: nastyString },
      ),
    );
  if (isInputObjectType(type)) {
    if (depth > 4) return fc.constant(null);
    const fields = Object.values(type.getFields());
    return nullable(
      fc.record(Object.fromEntries(fields.map((f) => [f.name, valueFor(f.type, depth + 1)])), { requiredKeys: [] }),
    );
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
        return nullable(fc.oneof(fc.integer(), fc.constantFrom(0, -1, 2 ** 31 - 1, 101, 1e12), nastyString));
      case 'Boolean':
        return nullable(fc.oneof({ weight: 9, arbitrary: fc.boolean() }, { weight: 1, arbitrary: nastyString }));
      case 'ID':
        return idLike;
      case 'DateTime':
        return nullable(
          fc.oneof(
            fc.date({ min: new Date(-1e13), max: new Date(1e13), noInvalidDate: true }).map((d) => d.toISOString()),
            impossibleDate.map((d) => `${d}T00:00:00Z`),
            nastyString,
          ),
        );
      case 'String':
        return fc.oneof(
          cursorLike,
          nastyString,
          decimalLike,
          idLike,
          fc.constantFrom('USD', 'EUR', 'XXX', 'usd', 'KE', 'ZZ', '2026-01-31', '2026-13-45'),
          impossibleDate,
        );
      default:
        return nullable(fc.oneof(nastyString, fc.jsonValue({ maxDepth: 3 })));
    }
  }
  return fc.constant(null);
}

const ROLES = ['ANON', 'ADMIN', 'SECRETARIAT', 'BOARD_MEMBER', 'AUDITOR', 'DONOR', 'NGO'] as const;

describe('schema-driven fuzzing', () => {
  it('never crashes, never answers 5xx, never leaks a stack trace', async () => {
    const clients: GqlClient[] = await Promise.all(ROLES.map((r) => (r === 'ANON' ? app.anonymous : app.as(r))));
    // Repeated failed logins only lock the demo accounts.
    const ops = schemaOperations(schema).filter((o) => !(o.kind === 'mutation' && o.field.name === 'login'));
    expect(ops.length).toBeGreaterThan(10);
    const failures: string[] = [];
    let requests = 0;
    for (const op of ops) {
      const { field } = op;
      const query = operationFor(op);
      const vars = fc.sample(fc.record(Object.fromEntries(field.args.map((a) => [a.name, valueFor(a.type)]))), {
        seed: SEED + field.name.length,
        numRuns: RUNS,
      });
      for (const [i, variables] of vars.entries()) {
        const client = clients[i % clients.length];
        const res = await fetch(app.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(client.token ? { authorization: `Bearer ${client.token}` } : {}),
          },
          body: JSON.stringify({ query, variables }),
        });
        requests += 1;
        const text = await res.text();
        const internal = /INTERNAL_SERVER_ERROR/.test(text);
        if (res.status >= 500 || internal || /\bat .+\.(ts|js):\d+/.test(text)) {
          failures.push(
            `${field.name} as ${ROLES[i % ROLES.length]} → ${res.status} ${text.slice(0, 300)} vars=${JSON.stringify(variables).slice(0, 300)}`,
          );
        }
      }
    }
    expect(requests).toBe(ops.length * RUNS);
    expect(failures).toEqual([]);
  }, 300_000);

  it('refuses deep nesting and alias floods without crashing', async () => {
    const deep = Array.from({ length: 40 }).reduce<string>(
      (inner) => `node(id: "x") { ... on User { ${inner} } }`,
      'id',
    );
    const aliases = Array.from({ length: 500 }, (_, i) => `a${i}: funds { totalCount }`).join(' ');
    for (const query of [`{ ${deep} }`, `{ ${aliases} }`, `{ ${'me { '.repeat(300)}${'}'.repeat(300)} }`]) {
      const res = await fetch(app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      expect(res.status).toBeLessThan(500);
      const body = (await res.json()) as { errors?: unknown[] };
      expect(body.errors?.length).toBeGreaterThan(0);
    }
  });
});
