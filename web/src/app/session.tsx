import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useApolloClient, useQuery } from '@apollo/client/react';
import { graphql } from '../gql';
import type { MeQuery } from '../gql/graphql';
import { sessionStore, type SessionEvent } from './session-store';

export const MeDocument = graphql(`
  query Me {
    me {
      id
      displayName
      email
      emailVerifiedAt
      roles {
        id
        role
        fund {
          id
          code
          name
        }
        organization {
          id
          legalName
          kind
        }
      }
      organizations {
        id
        legalName
        kind
        vettingStatus
      }
    }
  }
`);

export type Me = NonNullable<MeQuery['me']>;

interface SessionValue {
  me: Me | null;
  loading: boolean;
  loggedIn: boolean;
  /** The start-up refresh (a reload with the refresh cookie) has not answered yet. */
  restoring: boolean;
  lastEvent: SessionEvent | null;
}

const SessionContext = createContext<SessionValue>({
  me: null,
  loading: false,
  loggedIn: false,
  restoring: false,
  lastEvent: null,
});

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useApolloClient();
  const [loggedIn, setLoggedIn] = useState(() => sessionStore.token() !== null);
  const [restoring, setRestoring] = useState(() => sessionStore.restoring());
  const [lastEvent, setLastEvent] = useState<SessionEvent | null>(null);
  useEffect(
    () =>
      sessionStore.subscribe((event) => {
        setRestoring(sessionStore.restoring());
        // A new access token of the same session, or a start-up check that found none: nothing to reload.
        if (event === 'refresh' || event === 'restored') {
          setLoggedIn(sessionStore.token() !== null);
          return;
        }
        setLoggedIn(event === 'login');
        setLastEvent(event);
        if (event === 'login') {
          // Public pages on screen may show more to a member (e.g. "apply" on a call).
          void client.refetchQueries({ include: 'active' });
        } else {
          // What one user saw must not stay in the cache for the next one.
          void client.clearStore();
        }
      }),
    [client],
  );
  const { data, loading } = useQuery(MeDocument, { skip: !loggedIn, fetchPolicy: 'cache-first' });
  const value = useMemo(
    () => ({
      me: loggedIn ? (data?.me ?? null) : null,
      loading: restoring || (loggedIn && loading),
      loggedIn,
      restoring,
      lastEvent,
    }),
    [data, loading, loggedIn, restoring, lastEvent],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  return useContext(SessionContext);
}

/** The organisations the user acts for, by kind (from `me`, never guessed). */
export function useMyOrganization(kind: 'NGO' | 'DONOR') {
  const { me } = useSession();
  return me?.organizations.find((o) => o.kind === kind) ?? null;
}
