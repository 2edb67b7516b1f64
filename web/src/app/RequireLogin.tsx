import { Navigate, Outlet, useLocation } from 'react-router';
import { useSession } from './session';

/** Pages behind a login: without a session, the login page, which comes back here afterwards. */
export function RequireLogin() {
  const { loggedIn, restoring, lastEvent } = useSession();
  const location = useLocation();
  // A reload with the refresh cookie: wait for the new access token before deciding.
  if (restoring) return null;
  // After "log out", the fund's page, not a new login.
  if (!loggedIn && lastEvent === 'logout') return <Navigate to="/" replace />;
  // An expired session: the shell (Layout) sends the user to the login page with the deep link.
  if (!loggedIn && lastEvent === 'expired') return null;
  if (!loggedIn) {
    const next = encodeURIComponent(`${location.pathname}${location.search}`);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  return <Outlet />;
}
