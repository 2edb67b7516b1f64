import 'reflect-metadata';
import {
  getNamedType,
  isEnumType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import pino from 'pino';
import { ErrorCode, errorDomain, GENERIC_ERROR_CODES } from '../../src/core/errors';
import { buildAppSchema } from '../../src/graphql/schema';
import { checkedErrors, undeclaredCode, type UserError } from '../../src/graphql/errors';
import { analyzeErrorReach, type MutationReach, type ReachReport } from '../helpers/error-reach';

/**
 * Per-domain error codes (docs/ARCHITECTURE.md, "Errors"): every code a mutation can answer with
 * is in the enum its payload's `errors` declares in the schema, proven from the source
 * (test/helpers/error-reach.ts follows each mutation's calls through services, policies and shared
 * helpers); and a code that slips through anyway is caught at run time, loudly.
 */
let schema: GraphQLSchema;
let reach: ReachReport;

beforeAll(async () => {
  schema = await buildAppSchema();
  reach = analyzeErrorReach();
}, 120_000);

/** `[XError!]!` -> XError, when it is a domain error type: object type implementing UserError with an enum `code`. */
function domainErrorType(field: GraphQLField<unknown, unknown> | undefined): GraphQLObjectType | string {
  if (!field) return 'no errors field';
  let t = field.type;
  if (!isNonNullType(t)) return `${t} is nullable`;
  t = t.ofType;
  if (!isListType(t) || !isNonNullType(t.ofType)) return `${field.type} is not [X!]!`;
  const item = getNamedType(t);
  if (!isObjectType(item)) return `${item} is not an object type`;
  if (!item.getInterfaces().some((i) => i.name === 'UserError')) return `${item} does not implement UserError`;
  const code = item.getFields().code;
  const codeType = code && isNonNullType(code.type) ? code.type.ofType : null;
  if (!isEnumType(codeType) || codeType.name === 'ErrorCode' || !codeType.name.endsWith('ErrorCode')) {
    return `${item}.code is not a domain enum (XErrorCode!)`;
  }
  return item;
}

function enumValuesOf(t: GraphQLObjectType): Set<string> {
  const code = t.getFields().code.type;
  const e = getNamedType(code);
  if (!isEnumType(e)) throw new Error(`${t}.code is not an enum`);
  return new Set(e.getValues().map((v) => v.value as string));
}

const missing = (r: MutationReach, declared: Set<string>, typeName: string) =>
  [...r.codes]
    .filter(([c]) => !declared.has(c))
    .map(([c, at]) => `${r.mutation} (${r.at}) can answer ${c} (${at}), not in ${typeName}'s enum`);

describe('error domains, from the source', () => {
  it('finds every mutation of the schema in the source', () => {
    const inSchema = Object.keys(schema.getMutationType()?.getFields() ?? {}).sort();
    const found = [...new Set(reach.mutations.map((m) => m.mutation))].sort();
    expect(found).toEqual(inSchema);
    expect(reach.mutations.length).toBeGreaterThan(40);
  });

  it('sees every code literally: no ErrorCode[name], no "X" as ErrorCode', () => {
    expect(reach.opaque).toEqual([]);
  });

  it("gives each mutation's payload `errors: [<Domain>Error!]!` with its domain's enum", () => {
    const problems: string[] = [];
    for (const [name, field] of Object.entries(schema.getMutationType()?.getFields() ?? {})) {
      const payload = getNamedType(field.type);
      if (!isObjectType(payload)) {
        problems.push(`${name} returns ${payload}, not a payload object`);
        continue;
      }
      const t = domainErrorType(payload.getFields().errors);
      if (typeof t === 'string') problems.push(`${name}: ${payload}.errors: ${t}`);
    }
    expect(problems).toEqual([]);
  });

  it("puts every code a mutation can answer with into its payload's enum", () => {
    const fields = schema.getMutationType()?.getFields() ?? {};
    const problems: string[] = [];
    for (const r of reach.mutations) {
      const payload = getNamedType(fields[r.mutation].type) as GraphQLObjectType;
      const t = domainErrorType(payload.getFields().errors);
      if (typeof t === 'string') continue; // reported above
      problems.push(...missing(r, enumValuesOf(t), t.name));
    }
    expect(problems).toEqual([]);
  });

  it('does the same for field resolvers that answer with a domain error type (submissionProblems)', () => {
    const problems: string[] = [];
    expect(reach.fields.map((f) => f.mutation)).toContain('submissionProblems');
    for (const r of reach.fields) {
      const owner = Object.values(schema.getTypeMap()).find(
        (t) => isObjectType(t) && !t.name.startsWith('__') && t.getFields()[r.mutation],
      ) as GraphQLObjectType | undefined;
      const t = domainErrorType(owner?.getFields()[r.mutation]);
      if (typeof t === 'string') problems.push(`${r.mutation} (${r.at}): ${t}`);
      else problems.push(...missing(r, enumValuesOf(t), t.name));
    }
    expect(problems).toEqual([]);
  });

  it('lists no specific code that none of its mutations can answer with (the enum tells the truth)', () => {
    const fields = schema.getMutationType()?.getFields() ?? {};
    const reached = new Map<string, Set<string>>();
    const add = (typeName: string, codes: Iterable<string>) => {
      const set = reached.get(typeName) ?? new Set<string>();
      for (const c of codes) set.add(c);
      reached.set(typeName, set);
    };
    for (const r of reach.mutations) {
      const t = domainErrorType((getNamedType(fields[r.mutation].type) as GraphQLObjectType).getFields().errors);
      if (typeof t !== 'string') add(t.name, r.codes.keys());
    }
    const problems: string[] = [];
    for (const [typeName, codes] of reached) {
      const t = schema.getType(typeName) as GraphQLObjectType;
      for (const c of enumValuesOf(t)) {
        if (!GENERIC_ERROR_CODES.includes(c as ErrorCode) && !codes.has(c)) {
          problems.push(`${typeName}Code lists ${c}, which none of its mutations can answer with`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps every domain value a value of ErrorCode, with the same name, and the generic codes in every domain', () => {
    const all = new Set<string>(Object.values(ErrorCode));
    const domainEnums = Object.values(schema.getTypeMap()).filter(
      (t) => isEnumType(t) && t.name.endsWith('ErrorCode') && t.name !== 'ErrorCode',
    );
    expect(domainEnums.length).toBeGreaterThanOrEqual(15);
    for (const e of domainEnums) {
      if (!isEnumType(e)) continue;
      const values = e.getValues().map((v) => v.name);
      for (const v of e.getValues())
        expect([e.name, v.name, all.has(v.name), v.value]).toEqual([e.name, v.name, true, v.name]);
      for (const g of GENERIC_ERROR_CODES) expect([e.name, values.includes(g)]).toEqual([e.name, true]);
    }
    const iface = schema.getType('UserError');
    expect(isInterfaceType(iface) && Object.keys(iface.getFields()).sort()).toEqual(['field', 'message']);
  });
});

describe('a code outside its domain at run time', () => {
  const DOMAIN = errorDomain('Probe', [ErrorCode.OVER_AWARD]);
  const stray: UserError = { code: ErrorCode.OVER_ENVELOPE, field: 'amount', message: 'Above the envelope.' };
  const logged: { level: number; msg: string; code?: string }[] = [];
  const log = pino({ level: 'error' }, { write: (line: string) => void logged.push(JSON.parse(line)) });

  beforeEach(() => {
    logged.length = 0;
  });

  it('fails loudly outside production (the test that reaches it fails) and logs it', () => {
    expect(() =>
      undeclaredCode(DOMAIN, stray, { log, app: { config: { production: false } } }, 'ProbePayload.errors'),
    ).toThrow(/ErrorCode OVER_ENVELOPE is not declared in the Probe error domain \(ProbePayload.errors\)/);
    expect(logged).toMatchObject([{ level: 50, code: 'OVER_ENVELOPE', errorDomain: 'Probe' }]);
  });

  it('in production answers a top-level error with the real code and field, never INTERNAL_SERVER_ERROR or another code', () => {
    let thrown: unknown;
    try {
      undeclaredCode(DOMAIN, stray, { log, app: { config: { production: true } } }, 'ProbePayload.errors');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toMatchObject({
      message: 'Above the envelope.',
      extensions: { code: 'OVER_ENVELOPE', field: 'amount' },
    });
    expect(logged).toMatchObject([{ level: 50, code: 'OVER_ENVELOPE' }]);
  });

  it("is wired to every mutation payload's errors field", async () => {
    const ctx = { log, app: { config: { production: false } } };
    const targets = Object.values(schema.getMutationType()?.getFields() ?? {}).map((m) => {
      const t = getNamedType(m.type) as GraphQLObjectType;
      return { owner: t, field: t.getFields().errors };
    });
    const checked = new Set<string>();
    for (const { owner, field } of targets) {
      if (checked.has(owner.name)) continue;
      checked.add(owner.name);
      const declared = enumValuesOf(domainErrorType(field) as GraphQLObjectType);
      const outside = Object.values(ErrorCode).find((c) => !declared.has(c)) as ErrorCode;
      const info = { parentType: owner, fieldName: field.name, path: { key: field.name } };
      const resolve = field.resolve as (root: unknown, args: unknown, c: unknown, i: unknown) => Promise<unknown>;
      const ok = [{ code: ErrorCode.NOT_FOUND, field: 'id', message: 'Not found.' }];
      await expect(resolve({ errors: ok }, {}, ctx, info)).resolves.toEqual(ok);
      const bad = [{ code: outside, field: null, message: 'x' }];
      await expect(resolve({ errors: bad }, {}, ctx, info)).rejects.toThrow(`ErrorCode ${outside} is not declared`);
    }
    expect(checked.size).toBeGreaterThanOrEqual(20);
  });

  it("checks each error of a payload's list and lets declared codes through unchanged", async () => {
    const guard = checkedErrors(DOMAIN);
    const ctx = { log, app: { config: { production: false } } };
    const info = { parentType: { name: 'ProbePayload' }, fieldName: 'errors' };
    const ok: UserError[] = [{ code: ErrorCode.OVER_AWARD, field: null, message: 'x' }];
    const generic: UserError[] = [{ code: ErrorCode.NOT_FOUND, field: 'id', message: 'y' }];
    const run = (value: UserError[]) => guard({ context: ctx, info } as never, async () => value);
    await expect(run(ok)).resolves.toBe(ok);
    await expect(run(generic)).resolves.toBe(generic);
    await expect(run([...ok, stray])).rejects.toThrow(/OVER_ENVELOPE is not declared/);
    expect(logged).toHaveLength(1);
  });
});
