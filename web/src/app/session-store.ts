/** The access token, kept in localStorage so a reload keeps the session; one store for React and the Apollo link. */

export interface StoredSession {
  token: string;
  /** ISO time at which the API stops accepting the token. */
  expiresAt: string | null;
}

export type SessionEvent = 'login' | 'logout' | 'expired';

const KEY = 'vtf.session';
const listeners = new Set<(event: SessionEvent) => void>();
let current: StoredSession | null = read();
let timer: ReturnType<typeof setTimeout> | undefined;

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

/** The `exp` claim of a JWT (read only to know when to ask for a new login; the API verifies it). */
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

function schedule(): void {
  clearTimeout(timer);
  if (!current?.expiresAt) return;
  const ms = Date.parse(current.expiresAt) - Date.now();
  // setTimeout overflows past ~24.8 days; such sessions are checked again at the next request.
  if (ms < 2 ** 31) timer = setTimeout(() => sessionStore.expire(), Math.max(ms, 0));
}

export const sessionStore = {
  get(): StoredSession | null {
    return current;
  },
  token(): string | null {
    return current?.token ?? null;
  },
  login(session: StoredSession): void {
    current = { ...session, expiresAt: session.expiresAt ?? tokenExpiry(session.token) };
    globalThis.localStorage?.setItem(KEY, JSON.stringify(session));
    schedule();
    emit('login');
  },
  logout(): void {
    current = null;
    globalThis.localStorage?.removeItem(KEY);
    clearTimeout(timer);
    emit('logout');
  },
  /** The API refused the token (expired or revoked): forget it and tell the shell to ask for a login. */
  expire(): void {
    if (!current) return;
    current = null;
    globalThis.localStorage?.removeItem(KEY);
    clearTimeout(timer);
    emit('expired');
  },
  subscribe(listener: (event: SessionEvent) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

schedule();
