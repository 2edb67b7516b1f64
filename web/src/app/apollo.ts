import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { ErrorLink } from '@apollo/client/link/error';
import { SetContextLink } from '@apollo/client/link/context';
import { from, switchMap, throwError } from 'rxjs';
import { sessionStore } from './session-store';
import { stepUpStore } from './step-up';

const auth = new SetContextLink((prev) => {
  const token = sessionStore.token();
  return token
    ? { authorization: `Bearer ${token}`, headers: { ...prev.headers, authorization: `Bearer ${token}` } }
    : {};
});

/**
 * The API refused the access token (expired or its session ended): one silent refresh with the
 * cookie, then the operation once more with the new token. When the refresh is refused too, the
 * session ends and the shell sends the user to the login page, keeping the deep link.
 */
const expiry = new ErrorLink(({ error, operation, forward }) => {
  if (!CombinedGraphQLErrors.is(error) || !error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) return;
  const refused = operation.getContext().authorization as string | undefined;
  if (operation.getContext().retriedAfterRefresh) {
    sessionStore.expire();
    return;
  }
  // Another request already refreshed while this one was in flight: just try again with the new token.
  const now = sessionStore.token();
  const refresh = now && refused && `Bearer ${now}` !== refused ? Promise.resolve(true) : sessionStore.refresh();
  return from(refresh).pipe(
    switchMap((ok) => {
      if (!ok || !sessionStore.token() || `Bearer ${sessionStore.token()}` === refused) {
        sessionStore.expire();
        return throwError(() => error);
      }
      operation.setContext({ retriedAfterRefresh: true });
      return forward(operation);
    }),
  );
});

/**
 * A guarded action (a fund's step-up policy) answered STEP_UP_REQUIRED: the step-up prompt asks
 * for a second factor, then the operation is sent once more; cancelled, its error stands.
 */
const stepUp = new ErrorLink(({ error, operation, forward }) => {
  if (!CombinedGraphQLErrors.is(error)) return;
  const e = error.errors.find((x) => x.extensions?.code === 'STEP_UP_REQUIRED');
  if (!e || operation.getContext().retriedAfterStepUp) return;
  return from(stepUpStore.ask({ enrolled: e.extensions?.enrolled === true })).pipe(
    switchMap((ok) => {
      if (!ok) return throwError(() => error);
      operation.setContext({ retriedAfterStepUp: true });
      return forward(operation);
    }),
  );
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
    link: ApolloLink.from([stepUp, expiry, auth, new HttpLink({ uri })]),
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
    if (codes.includes('FORBIDDEN') || codes.includes('UNAUTHENTICATED') || codes.includes('STEP_UP_REQUIRED')) {
      return 'forbidden';
    }
    if (codes.includes('NOT_FOUND')) return 'notFound';
    return 'unexpected';
  }
  if (ServerError.is(error)) return error.statusCode >= 500 || error.statusCode === 429 ? 'unavailable' : 'unexpected';
  // fetch() rejects with a TypeError when the network is down.
  return 'unavailable';
}
