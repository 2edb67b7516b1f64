import 'reflect-metadata';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { fieldRule, isCalendarDate, textProblem } from '../src/graphql/input-guard';
import { buildAppSchema } from '../src/graphql/schema';
import { Role } from '../src/users/user.entity';
import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { fundId } from './helpers/grants';
import { operationFor, schemaOperations, type SchemaOperation } from './reliability/schema-ops';

let app: TestApp;
let schema: GraphQLSchema;
let admin: GqlClient;
beforeAll(async () => {
  [app, schema] = await Promise.all([startTestApp(), buildAppSchema()]);
  admin = await app.as(Role.ADMIN);
});
afterAll(() => app.stop());

type Field = GraphQLArgument | GraphQLInputField;

/** A clean value of `type`: required input fields filled, optional ones left out. */
function clean(type: GraphQLInputType, field: Field | null, depth = 0): unknown {
  const t = getNullableType(type);
  if (isListType(t)) return [clean(t.ofType, field, depth + 1)];
  if (isEnumType(t)) return t.getValues()[0].name;
  if (isInputObjectType(t)) {
    if (depth > 6) return {};
    return Object.fromEntries(
      Object.values(t.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, clean(f.type, f, depth + 1)]),
    );
  }
  switch (t.name) {
    case 'Int':
      return 1;
    case 'Float':
      return 1;
    case 'Boolean':
      return false;
    case 'DateTime':
      return '2026-01-01T00:00:00.000Z';
    case 'JSON':
    case 'JSONObject':
      return {};
    default: {
      const rule = field ? fieldRule(field) : null;
      return rule?.format === 'date' ? '2026-01-01' : rule?.format === 'month' ? '2026-01' : 'x';
    }
  }
}

interface Leaf {
  op: SchemaOperation;
  /** Dotted path as the guard reports it: `input.budget[0].description`. */
  path: string;
  field: Field;
  /** The operation's variables with `value` at this leaf and clean values elsewhere. */
  variables: (value: unknown) => Record<string, unknown>;
}

/** Every String/ID (or custom scalar) leaf reachable from the arguments of every root field. */
function leaves(s: GraphQLSchema): Leaf[] {
  const out: Leaf[] = [];
  for (const op of schemaOperations(s)) {
    const base = Object.fromEntries(op.field.args.map((a) => [a.name, clean(a.type, a)]));
    const walk = (
      type: GraphQLInputType,
      field: Field,
      path: string,
      set: (v: unknown) => Record<string, unknown>,
      seen: Set<string>,
    ): void => {
      const t = getNullableType(type);
      if (isListType(t)) {
        walk(t.ofType, field, `${path}[0]`, (v) => set([v]), seen);
        return;
      }
      if (isInputObjectType(t)) {
        if (seen.has(t.name)) return;
        const inner = new Set([...seen, t.name]);
        const filled = clean(t, field) as Record<string, unknown>;
        for (const f of Object.values(t.getFields())) {
          walk(f.type, f, `${path}.${f.name}`, (v) => set({ ...filled, [f.name]: v }), inner);
        }
        return;
      }
      const named = getNamedType(t);
      if (isScalarType(named) && !['Int', 'Float', 'Boolean'].includes(named.name)) {
        out.push({ op, path, field, variables: set });
      }
    };
    for (const a of op.field.args) {
      walk(a.type, a, a.name, (v) => ({ ...base, [a.name]: v }), new Set());
    }
  }
  return out;
}

async function send(leaf: Leaf, value: unknown) {
  const res = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
    body: JSON.stringify({ query: operationFor(leaf.op), variables: leaf.variables(value) }),
  });
  const body = (await res.json()) as { errors?: { message: string; extensions?: Record<string, unknown> }[] };
  return { status: res.status, error: body.errors?.[0] };
}

describe('text and date rules (pure)', () => {
  it.each([
    ['a\u0000b', false, /NUL/],
    ['\ud800x', false, /surrogate/],
    ['x\udc00', true, /surrogate/],
    ['bell\u0007', true, /U\+0007/],
    ['del\u007f', true, /U\+007F/],
    ['two\nlines', false, /single-line/],
    ['tab\there', false, /single-line/],
  ])('refuses %j (multi-line %s)', (value, multiline, why) => {
    expect(textProblem(value, multiline)).toMatch(why);
  });

  it.each(['two\nlines', 'crlf\r\nend', 'tab\there', 'emoji 🙂 and accents é', ''])(
    'accepts %j in multi-line text',
    (value) => {
      expect(textProblem(value, true)).toBeNull();
    },
  );

  it.each([
    ['2028-02-29', true],
    ['2027-02-29', false],
    ['2027-02-30', false],
    ['2027-04-31', false],
    ['2027-13-01', false],
    ['0000-01-01', false],
    ['2027-2-3', false],
    ['2027-02-28', true],
    ['9999-12-31', true],
  ])('%s is a calendar date: %s', (value, ok) => {
    expect(isCalendarDate(value)).toBe(ok);
  });
});

describe('every string input of the schema', () => {
  it('refuses NUL and lone surrogates in each one with BAD_USER_INPUT naming the field', async () => {
    const all = leaves(schema);
    // Every input object type of the schema is reached from some root argument.
    expect(all.length).toBeGreaterThan(150);
    const failures: string[] = [];
    for (const leaf of all) {
      for (const bad of ['a\u0000b', 'a\ud800b']) {
        const { status, error } = await send(leaf, bad);
        // DateTime is a scalar of its own: its parser refuses the value, naming the path in quotes.
        const named =
          getNamedType(leaf.field.type).name === 'DateTime'
            ? error?.message.includes(`at "${leaf.path}"`)
            : error?.message.startsWith(`${leaf.path} `) && error.extensions?.field === leaf.path;
        if (status !== 400 || error?.extensions?.code !== 'BAD_USER_INPUT' || !named) {
          failures.push(
            `${leaf.op.field.name} ${leaf.path} ${JSON.stringify(bad)} → ${status} ${JSON.stringify(error)}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('refuses an impossible calendar date in every date field, naming it', async () => {
    const dates = leaves(schema).filter((l) => fieldRule(l.field).format === 'date');
    const names = new Set(dates.map((l) => `${l.op.field.name}:${l.path}`));
    // Spot-check that the documented date fields are all found.
    for (const expected of [
      'createPledge:input.dueDate',
      'recordWireContribution:input.valueDate',
      'recordTranchePayment:input.valueDate',
      'submitReport:input.periodFrom',
      'submitReport:input.periodTo',
      'createApplication:input.startDate',
      'fundStatement:from',
      'fundStatement:to',
    ]) {
      expect(names).toContain(expected);
    }
    const failures: string[] = [];
    for (const leaf of dates) {
      const { status, error } = await send(leaf, '2027-02-30');
      if (status !== 400 || error?.extensions?.code !== 'BAD_USER_INPUT' || !error.message.startsWith(leaf.path)) {
        failures.push(`${leaf.op.field.name} ${leaf.path} → ${status} ${JSON.stringify(error)}`);
      }
      expect(error?.message).toContain('2027-02-30');
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it('finds every input field and argument named like a date documented as YYYY-MM-DD (so the guard knows it)', () => {
    const undocumented = leaves(schema)
      .filter((l) => /(date|Date|^from$|^to$|periodFrom|periodTo)$/.test(l.path.split('.').pop() ?? ''))
      .filter((l) => getNamedType(l.field.type).name === 'String' && fieldRule(l.field).format !== 'date')
      .map((l) => `${l.op.field.name}:${l.path}`);
    expect(undocumented).toEqual([]);
  });

  it('refuses line breaks in single-line fields and keeps them in multi-line ones', async () => {
    const ngo = await app.as(Role.NGO);
    const orgs = await ngo.gql<{ organizations: { edges: { node: { id: string } }[] } }>(
      '{ organizations { edges { node { id } } } }',
    );
    const organizationId = orgs.data?.organizations.edges[0].node.id;
    const M = `mutation($i: UpdateOrganizationInput!) { updateOrganization(input: $i) { errors { code } } }`;
    const r = await ngo.gql(M, { i: { organizationId, legalName: 'Safe\nHarbour' } });
    expect(r.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^input\.legalName is single-line text/),
      extensions: { code: 'BAD_USER_INPUT', field: 'input.legalName' },
    });
    const donor = await app.as(Role.DONOR);
    const pledge = expectNoErrors(
      await donor.gql(
        `mutation($i: CreatePledgeInput!) { createPledge(input: $i) { pledge { id } errors { code field } } }`,
        {
          i: {
            fundId: await fundId(app),
            amount: '10.00',
            currency: 'USD',
            dueDate: '2028-02-29',
            note: 'one\ntwo\tthree',
          },
        },
      ),
    ).createPledge;
    expect(pledge.errors).toEqual([]);
    const [row] = await app.sql<{ note: string }>('select note from pledge order by created_at desc limit 1');
    expect(row.note).toBe('one\ntwo\tthree');
  });

  it('checks the arguments of nested fields and of fragments too', async () => {
    const nested = await admin.gql(
      `{ fund(code: "UNVTF") { auditTrail(first: 1, after: "a\\u0000") { totalCount } } }`,
    );
    expect(nested.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^after contains a NUL/),
      extensions: { code: 'BAD_USER_INPUT', field: 'after' },
    });
    const viaFragment = await admin.gql(
      `query { ...F } fragment F on Query { fundStatement(fundId: "x", from: "2027-02-30", to: "2027-03-01") { __typename } }`,
    );
    expect(viaFragment.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^from must be a calendar date/),
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('refuses an impossible DateTime, naming the field', async () => {
    const r = await admin.gql(`query($f: AuditEventFilter) { auditEvents(filter: $f) { totalCount } }`, {
      f: { from: '2027-02-30T00:00:00Z' },
    });
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toMatch(/f\.from|"from"/);
  });

  it('names each field in the message of a class-validator refusal', async () => {
    const r = await admin.gql(`mutation($i: CreateFundInput!) { createFund(input: $i) { errors { code } } }`, {
      i: { code: 'bad code', name: 'Fund', baseCurrency: 'USDX' },
    });
    expect(r.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^Invalid input: code must match .*; baseCurrency must match/),
      extensions: { code: 'BAD_USER_INPUT', field: 'code' },
    });
  });
});
