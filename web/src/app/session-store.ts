/**
 * The session as the portal sees it: one store for React and the Apollo link.
 *
 * The refresh token is an HttpOnly cookie (path /auth/refresh) that scripts never see. The
 * short-lived access token (15 minutes by default) is kept in localStorage, so tabs share it and a
 * reload keeps it; a minute before it ends, or when the API refuses it, the store asks
 * POST /auth/refresh for a new one (the cookie is rotated at the same time). Tabs take turns with
 * a Web Lock, so two tabs never present the same refresh token (that would count as a reuse and
 * end the session). Only when the refresh is refused does the session end.
 */

export interface StoredSession {
  token: string;
  /** ISO time at which the API stops accepting the token. */
  expiresAt: string | null;
}

/** `refresh`: a new access token of the same session (nothing else changes); `restored`: start-up refresh done. */
export type SessionEvent = 'login' | 'logout' | 'expired' | 'refresh' | 'restored';

const KEY = 'vtf.session';
/** Not a secret: whether this browser signed in with a refresh cookie, so a visitor's page load asks nothing. */
const HINT = 'vtf.session.cookie';
export const REFRESH_URL = '/auth/refresh';
/** Refresh this long before the access token ends. */
const EARLY_MS = 60_000;

const listeners = new Set<(event: SessionEvent) => void>();
let current: StoredSession | null = read();
let timer: ReturnType<typeof setTimeout> | undefined;
let inFlight: Promise<boolean> | null = null;
let restoring = false;

function read(): StoredSession | null {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as StoredSession;
    if (parsed.expiresAt && Date.parse(parsed.expiresAt) <= Date.now()) return null;
    return typeof parsed.token === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

/** The `exp` claim of a JWT (read only to know when to refresh; the API verifies it). */
function tokenExpiry(token: string): string | null {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
    return typeof payload.exp === 'number' ? new Date(payload.exp * 1000).toISOString() : null;
  } catch {
    return null;
  }
}

function emit(event: SessionEvent): void {
  for (const l of listeners) l(event);
}

function store(session: StoredSession): void {
  current = { ...session, expiresAt: session.expiresAt ?? tokenExpiry(session.token) };
  globalThis.localStorage?.setItem(KEY, JSON.stringify(current));
  schedule();
}

function forget(): void {
  current = null;
  globalThis.localStorage?.removeItem(KEY);
  globalThis.localStorage?.removeItem(HINT);
  clearTimeout(timer);
}

function hasCookie(): boolean {
  return globalThis.localStorage?.getItem(HINT) === '1';
}

function schedule(): void {
  clearTimeout(timer);
  if (!current?.expiresAt) return;
  const ms = Date.parse(current.expiresAt) - Date.now() - (hasCookie() ? EARLY_MS : 0);
  // setTimeout overflows past ~24.8 days; such sessions are checked again at the next request.
  if (ms < 2 ** 31) {
    timer = setTimeout(
      () => {
        if (!hasCookie()) return sessionStore.expire();
        void sessionStore.refresh().then((ok) => {
          if (!ok) sessionStore.expire();
        });
      },
      Math.max(ms, 0),
    );
  }
}

/** Runs `fn` holding the portal's refresh lock (shared by the tabs of this browser) when the browser has Web Locks. */
function withRefreshLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return locks ? (locks.request('vtf-refresh', fn) as Promise<T>) : fn();
}

async function exchange(stale: string | null): Promise<boolean> {
  // Another tab may have refreshed while this one waited for the lock: its token is in localStorage.
  const shared = read();
  if (shared && shared.token !== stale && Date.parse(shared.expiresAt ?? '') - Date.now() > EARLY_MS) {
    store(shared);
    return true;
  }
  const res = await fetch(REFRESH_URL, { method: 'POST', credentials: 'same-origin', headers: { 'x-vtf-csrf': '1' } });
  // The body is read either way: an unread one keeps the request open in the browser.
  const body = (await res.json().catch(() => ({}))) as { token?: string; expiresAt?: string };
  if (!res.ok) return false;
  if (!body.token) return false;
  store({ token: body.token, expiresAt: body.expiresAt ?? null });
  return true;
}

export const sessionStore = {
  get(): StoredSession | null {
    return current;
  },
  token(): string | null {
    return current?.token ?? null;
  },
  /** True while the start-up refresh runs (pages behind a login wait for it). */
  restoring(): boolean {
    return restoring;
  },
  /** After `login` with `refreshTokenCookie: true`: the cookie is set, the access token is stored here. */
  login(session: StoredSession): void {
    globalThis.localStorage?.setItem(HINT, '1');
    store(session);
    emit('login');
  },
  /**
   * Asks for a new access token with the refresh cookie; true when the session goes on. One request
   * at a time per tab, and across tabs through the lock.
   */
  refresh(): Promise<boolean> {
    if (!hasCookie()) return Promise.resolve(false);
    const stale = current?.token ?? null;
    inFlight ??= withRefreshLock(() => exchange(stale))
      .catch(() => false)
      .then((ok) => {
        inFlight = null;
        if (ok) emit('refresh');
        return ok;
      });
    return inFlight;
  },
  /** Ends the session on the server (the cookie names it) and here. */
  logout(): void {
    if (hasCookie()) {
      void fetch(`${REFRESH_URL}/logout`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'x-vtf-csrf': '1' },
        keepalive: true,
      }).catch(() => undefined);
    }
    forget();
    emit('logout');
  },
  /** The API refused the token and no refresh helped: forget it and tell the shell to ask for a login. */
  expire(): void {
    if (!current) return;
    forget();
    emit('expired');
  },
  subscribe(listener: (event: SessionEvent) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

// A reload after the access token ended (e.g. the next morning): the cookie may still carry the session.
if (!current && hasCookie()) {
  restoring = true;
  void sessionStore.refresh().then((ok) => {
    restoring = false;
    if (!ok) globalThis.localStorage?.removeItem(HINT);
    emit(ok ? 'login' : 'restored');
  });
} else {
  schedule();
}
