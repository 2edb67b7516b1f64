import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { ErrorLink } from '@apollo/client/link/error';
import { SetContextLink } from '@apollo/client/link/context';
import { sessionStore } from './session-store';

const auth = new SetContextLink((prev) => {
  const token = sessionStore.token();
  return token ? { headers: { ...prev.headers, authorization: `Bearer ${token}` } } : {};
});

/** An expired or revoked token ends the session; the shell sends the user to the login page, keeping the deep link. */
const expiry = new ErrorLink(({ error }) => {
  if (CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) {
    sessionStore.expire();
  }
});

/**
 * The portal's cache. `UserError` is an interface that every domain's error type implements
 * (`ApplicationError`, `TrancheError`, …, each named `<Domain>Error`): without `possibleTypes`
 * the cache would not match `...UserErrorFields` on them and drop `field` and `message`.
 */
export function createCache(): InMemoryCache {
  return new InMemoryCache({
    possibleTypes: { UserError: ['^[A-Z][A-Za-z]*Error$'] },
    typePolicies: {
      // Public statistics have no id; they belong to their fund.
      PublicStatistics: { keyFields: false },
    },
  });
}

export function createApolloClient(uri = '/graphql'): ApolloClient {
  return new ApolloClient({
    link: ApolloLink.from([expiry, auth, new HttpLink({ uri })]),
    cache: createCache(),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });
}

export type FailureKind = 'unavailable' | 'forbidden' | 'notFound' | 'unexpected';

/** What went wrong with a query, for a message and (when it may help) a retry button. */
export function failureKind(error: unknown): FailureKind {
  if (CombinedGraphQLErrors.is(error)) {
    const codes = error.errors.map((e) => e.extensions?.code);
    // The database is away, a statement ran out of time, or the heavy reads are all busy: retry later.
    if (codes.some((c) => c === 'SERVICE_UNAVAILABLE' || c === 'QUERY_TIMEOUT' || c === 'SERVER_BUSY')) {
      return 'unavailable';
    }
    if (codes.includes('FORBIDDEN') || codes.includes('UNAUTHENTICATED')) return 'forbidden';
    if (codes.includes('NOT_FOUND')) return 'notFound';
    return 'unexpected';
  }
  if (ServerError.is(error)) return error.statusCode >= 500 || error.statusCode === 429 ? 'unavailable' : 'unexpected';
  // fetch() rejects with a TypeError when the network is down.
  return 'unavailable';
}
