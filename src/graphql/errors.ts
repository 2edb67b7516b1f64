import { GraphQLError } from 'graphql';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { DomainError, ErrorCode } from '../core/errors';

registerEnumType(ErrorCode, {
  name: 'ErrorCode',
  description: 'Codes of expected business failures.',
  valuesConfig: {
    TOO_MANY_ATTEMPTS: {
      deprecationReason: 'Logins are throttled, never locked: a throttled request is HTTP 429 with code RATE_LIMITED.',
    },
  },
});

@ObjectType({ description: 'An expected business failure of a mutation.' })
export class UserError {
  @Field(() => String, { nullable: true, description: 'Input field the error is about, dotted path.' })
  field!: string | null;

  @Field(() => ErrorCode)
  code!: ErrorCode;

  @Field(() => String)
  message!: string;
}

export function toUserError(e: DomainError): UserError {
  return Object.assign(new UserError(), { field: e.field, code: e.code, message: e.message });
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
    if (e instanceof DomainError) return { errors: [toUserError(e)] } as unknown as T & { errors: UserError[] };
    throw e;
  }
}
