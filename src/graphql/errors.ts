import { GraphQLError } from 'graphql';
import { Field, InterfaceType, ObjectType, registerEnumType, UseMiddleware, type MiddlewareFn } from 'type-graphql';
import { DomainError, DomainErrors, ErrorCode, type ErrorDomain } from '../core/errors';
import type { Logger } from 'pino';

registerEnumType(ErrorCode, {
  name: 'ErrorCode',
  description:
    "Every code of an expected business failure: `Permission.code` uses it; each payload's `errors` uses its domain's enum (`TrancheErrorCode`, …), whose values are values of this one.",
  valuesConfig: {
    TOO_MANY_ATTEMPTS: {
      deprecationReason: 'Logins are throttled, never locked: a throttled request is HTTP 429 with code RATE_LIMITED.',
    },
  },
});

/** An expected business failure, as a payload carries it: the code, the input field it is about, the text. */
export interface UserError {
  code: ErrorCode;
  field: string | null;
  message: string;
}

@InterfaceType('UserError', {
  description:
    "What every domain's error type has (`TrancheError`, `ApplicationError`, …): the input field and the message. " +
    "Each type adds `code`, an enum of the codes its domain's mutations can answer with (`TrancheErrorCode`, …); " +
    'every value is also a value of `ErrorCode`, with the same name.',
})
export abstract class UserErrorInterface {
  @Field(() => String, { nullable: true, description: 'Input field the error is about, dotted path.' })
  field!: string | null;

  @Field(() => String)
  message!: string;
}

interface DomainGraphQL {
  enumValues: Record<string, string>;
  type: new () => UserErrorInterface;
}
const domainTypes = new Map<string, { domain: ErrorDomain; graphql: DomainGraphQL }>();

/**
 * The GraphQL type of a domain's errors, `<name>Error { code: <name>ErrorCode!, field, message }`,
 * built once from the domain's list (`src/<domain>/<domain>.errors.ts`). Payloads use it through
 * `@PayloadErrors(DOMAIN)`.
 */
export function errorType(domain: ErrorDomain): new () => UserErrorInterface {
  const known = domainTypes.get(domain.name);
  if (known) {
    if (known.domain !== domain) throw new Error(`two error domains are named ${domain.name}`);
    return known.graphql.type;
  }
  const enumValues = Object.fromEntries(domain.codes.map((c) => [c, c]));
  registerEnumType(enumValues, {
    name: `${domain.name}ErrorCode`,
    description: `Codes a ${domain.name} mutation can answer with in \`errors\`; each is also a value of \`ErrorCode\`.`,
  });
  @ObjectType(`${domain.name}Error`, {
    implements: UserErrorInterface,
    description: `An expected business failure of a ${domain.name} mutation.`,
  })
  class DomainUserError implements UserErrorInterface {
    @Field(() => enumValues)
    code!: ErrorCode;

    @Field(() => String, { nullable: true, description: 'Input field the error is about, dotted path.' })
    field!: string | null;

    @Field(() => String)
    message!: string;
  }
  domainTypes.set(domain.name, { domain, graphql: { enumValues, type: DomainUserError } });
  return DomainUserError;
}

/**
 * A code the payload's domain does not declare. A bug: the schema would not tell clients about it,
 * and the enum cannot serialise it. Logged as an error; outside production it fails the request
 * (INTERNAL_SERVER_ERROR, so the test that reaches it fails); in production the client gets it as a
 * top-level error with the real code and field, never masked and never replaced by another code.
 */
/** What the check needs of the GraphQL context (not imported: the context's modules import payload types). */
export interface ErrorCheckContext {
  log: Logger;
  app: { config: { production: boolean } };
}

export function undeclaredCode(domain: ErrorDomain, e: UserError, ctx: ErrorCheckContext, at: string): never {
  const message = `ErrorCode ${e.code} is not declared in the ${domain.name} error domain (${at}); add it to its list.`;
  ctx.log.error({ errorDomain: domain.name, code: e.code, field: e.field, at }, message);
  if (!ctx.app.config.production) throw new Error(message);
  throw new GraphQLError(e.message, { extensions: { code: e.code, field: e.field } });
}

/** Checks each error of a resolved list against its domain (see `undeclaredCode`). */
export function checkedErrors(domain: ErrorDomain): MiddlewareFn<ErrorCheckContext> {
  return async ({ context, info }, next) => {
    const errors = (await next()) as UserError[] | null | undefined;
    for (const e of errors ?? []) {
      if (!domain.has(e.code)) undeclaredCode(domain, e, context, `${info.parentType.name}.${info.fieldName}`);
    }
    return errors;
  };
}

/**
 * The `errors` field of a payload: `[<Domain>Error!]!`, checked against the domain's list.
 *
 *     @ObjectType() export class TranchePayload {
 *       @Field(() => Tranche, { nullable: true }) tranche?: Tranche | null;
 *       @PayloadErrors(TRANCHE_ERRORS) errors!: UserError[];
 *     }
 */
export function PayloadErrors(domain: ErrorDomain): PropertyDecorator {
  const type = errorType(domain);
  const field = Field(() => [type], { description: `Expected business failures; empty on success.` });
  const guard = UseMiddleware(checkedErrors(domain));
  return (target, key) => {
    field(target, key);
    guard(target, key);
  };
}

export function toUserError(e: DomainError): UserError {
  return { field: e.field, code: e.code, message: e.message };
}

/** The database cannot be reached: answered 503 with a retry hint, never masked as a bug. */
export class ServiceUnavailableError extends GraphQLError {
  constructor(message = 'The service is temporarily unavailable; retry shortly.') {
    super(message, {
      extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503, headers: new Map([['retry-after', '1']]) } },
    });
  }
}

export class BadInputError extends GraphQLError {
  constructor(message: string, field?: string) {
    super(message, { extensions: { code: 'BAD_USER_INPUT', field } });
  }
}

/** Runs a service call for a mutation: business failures become `errors`, anything else propagates. */
export async function payload<T extends object>(run: () => Promise<T>): Promise<T & { errors: UserError[] }> {
  try {
    const result = await run();
    return { ...result, errors: [] };
  } catch (e) {
    if (e instanceof DomainErrors) return { errors: e.all.map(toUserError) } as unknown as T & { errors: UserError[] };
    if (e instanceof DomainError) return { errors: [toUserError(e)] } as unknown as T & { errors: UserError[] };
    throw e;
  }
}
