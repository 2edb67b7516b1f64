import type { ApolloServerPlugin } from '@apollo/server';
import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  GraphQLError,
  getVariableValues,
  isInputObjectType,
  isListType,
  isScalarType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { Extensions } from 'type-graphql';

/**
 * One guard for every GraphQL input, applied before any resolver runs, so a new input is covered
 * without any code of its own:
 * - every string (String, ID, strings inside JSON and custom scalars) is refused when it holds
 *   what PostgreSQL cannot store or the field does not allow: NUL, a lone UTF-16 surrogate, a C0
 *   control character or DEL; tab, line feed and carriage return only in fields marked
 *   `@MultiLine()`;
 * - every String argument or input field documented as `YYYY-MM-DD` must be a calendar date
 *   (`2027-02-30` is refused), and one documented as `YYYY-MM` a calendar month.
 * Refusals are `BAD_USER_INPUT` top-level errors whose message starts with the field's path
 * (`input.legalName`), also given in `extensions.field`.
 */

const MULTILINE = 'multiline';

/** Marks an input field as multi-line text: tab, line feed and carriage return are allowed in it. */
export function MultiLine(): PropertyDecorator & MethodDecorator & ClassDecorator {
  return Extensions({ [MULTILINE]: true });
}

export const DATE_FORMAT = 'YYYY-MM-DD';
export const MONTH_FORMAT = 'YYYY-MM';

const MULTILINE_ALLOWED = new Set(['\t', '\n', '\r']);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `value` cannot be accepted as text, or null. */
export function textProblem(value: string, multiline: boolean): string | null {
  if (LONE_SURROGATE.test(value)) return 'contains a lone UTF-16 surrogate (not valid Unicode)';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (code === 0) return 'contains a NUL character (U+0000)';
    if ((code < 0x20 || code === 0x7f) && !(multiline && MULTILINE_ALLOWED.has(ch))) {
      const hex = code.toString(16).toUpperCase().padStart(4, '0');
      return MULTILINE_ALLOWED.has(ch)
        ? `is single-line text: control character U+${hex} is not allowed`
        : `contains control character U+${hex}`;
    }
  }
  return null;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

/** `YYYY-MM-DD` naming a day that exists (year 0001 to 9999; PostgreSQL has no year 0). */
export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

export function isCalendarMonth(value: string): boolean {
  const m = MONTH.exec(value);
  return !!m && Number(m[1]) >= 1 && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

type Field = GraphQLArgument | GraphQLInputField;

/** What the guard checks on a field, from its type, description and extensions. */
export function fieldRule(field: Field): { multiline: boolean; format: 'date' | 'month' | null } {
  const named = getNamedType(field.type);
  const description = field.description ?? '';
  const isString = isScalarType(named) && named.name === 'String';
  const format =
    isString && description.includes(DATE_FORMAT)
      ? 'date'
      : isString && new RegExp(`(^|\\W)${MONTH_FORMAT}($|\\W)`).test(description)
        ? 'month'
        : null;
  return { multiline: field.extensions?.[MULTILINE] === true, format };
}

class BadInput extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

function fail(path: string, problem: string): never {
  throw new BadInput(`${path} ${problem}.`, path);
}

function checkString(value: string, path: string, field: Field | null): void {
  const rule = field ? fieldRule(field) : { multiline: false, format: null };
  const problem = textProblem(value, rule.multiline);
  if (problem) fail(path, problem);
  if (rule.format === 'date' && !isCalendarDate(value)) {
    fail(path, `must be a calendar date (${DATE_FORMAT}); "${value}" is not one`);
  }
  if (rule.format === 'month' && !isCalendarMonth(value)) {
    fail(path, `must be a calendar month (${MONTH_FORMAT}); "${value}" is not one`);
  }
}

/** Strings anywhere in a JSON-like value (custom scalars). */
function checkLoose(value: unknown, path: string): void {
  if (typeof value === 'string') checkString(value, path, null);
  else if (Array.isArray(value)) value.forEach((v, i) => checkLoose(v, `${path}[${i}]`));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      checkLoose(k, `${path} (a key)`);
      checkLoose(v, `${path}.${k}`);
    }
  }
}

function checkValue(value: unknown, type: GraphQLInputType, path: string, field: Field): void {
  if (value === null || value === undefined) return;
  const t = getNullableType(type);
  if (isListType(t)) {
    if (Array.isArray(value)) value.forEach((v, i) => checkValue(v, t.ofType, `${path}[${i}]`, field));
    return;
  }
  if (isInputObjectType(t)) {
    const fields = t.getFields();
    for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
      const f = fields[name];
      if (f) checkValue(v, f.type, `${path}.${name}`, f);
    }
    return;
  }
  if (isScalarType(t)) {
    if (typeof value === 'string') checkString(value, path, field);
    else if (typeof value === 'object') checkLoose(value, path);
  }
}

/** Checks every argument of every field the operation selects (fragments included). */
export function checkOperationInputs(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  document: { definitions: readonly { kind: Kind }[] },
  variables: Record<string, unknown> | undefined,
): void {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  // Ill-typed variables are refused by execution with its own message.
  if (coerced.errors) return;
  const typeInfo = new TypeInfo(schema);
  const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  for (const definition of [operation, ...fragments]) {
    visit(
      definition as OperationDefinitionNode,
      visitWithTypeInfo(typeInfo, {
        Field(node) {
          const def = typeInfo.getFieldDef();
          if (!def || def.args.length === 0) return;
          let args: Record<string, unknown>;
          try {
            args = getArgumentValues(def, node, coerced.coerced);
          } catch {
            return; // execution reports the same problem in its own words
          }
          for (const arg of def.args) checkValue(args[arg.name], arg.type, arg.name, arg);
        },
      }),
    );
  }
}

export function inputGuardPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, operation, document, request }) {
          if (!operation) return;
          try {
            checkOperationInputs(schema, operation, document, request.variables);
          } catch (e) {
            // A request the client must correct: 400, like a variable of the wrong type.
            if (e instanceof BadInput) {
              throw new GraphQLError(e.message, {
                extensions: { code: 'BAD_USER_INPUT', field: e.path, http: { status: 400 } },
              });
            }
            throw e;
          }
        },
      };
    },
  };
}

interface ValidationErrorShape {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationErrorShape[];
}

function flatten(errors: ValidationErrorShape[], prefix: string): { path: string; text: string }[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((c) => ({
      path,
      // class-validator starts its sentences with the bare property name; give the whole path.
      text: c.startsWith(`${e.property} `) ? `${path}${c.slice(e.property.length)}` : `${path}: ${c}`,
    }));
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/**
 * The message and field of a class-validator failure (type-graphql's "Argument Validation Error"),
 * naming each field in the message: `Invalid input: code must match …; name must be longer …`.
 */
export function describeValidationErrors(errors: unknown): { message: string; field: string | null } | null {
  if (!Array.isArray(errors) || errors.length === 0) return null;
  const list = flatten(errors as ValidationErrorShape[], '');
  if (list.length === 0) return null;
  return { message: `Invalid input: ${list.map((l) => l.text).join('; ')}.`, field: list[0].path };
}
