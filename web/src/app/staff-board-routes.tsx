import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { withMessages } from './i18n';

// Staff screens of issue 16 (report review, amendments, board pack, administration, dashboards),
// kept in their own file so that other work on routes.tsx does not collide with them.
const ReportReviewPage = lazy(
  withMessages(
    'secretariat',
    withMessages('ngo', () => import('../features/secretariat/reports/ReportReviewPage')),
  ),
);

const UsersPage = lazy(withMessages('admin', () => import('../features/admin/UsersPage')));
const FundsPage = lazy(withMessages('admin', () => import('../features/admin/FundsPage')));

const AmendmentsPage = lazy(withMessages('board', () => import('../features/board/AmendmentsPage')));
const BoardPackPage = lazy(withMessages('board', () => import('../features/board/BoardPackPage')));
const DashboardPage = lazy(
  withMessages(
    'dashboard',
    withMessages('secretariat', () => import('../features/dashboard/DashboardPage')),
  ),
);

/** Routes behind the login (children of RequireLogin in routes.tsx). */
export const staffBoardRoutes: RouteObject[] = [
  { path: 'secretariat/reports/:id', element: <ReportReviewPage /> },
  { path: 'board/amendments', element: <AmendmentsPage /> },
  { path: 'board/pack', element: <BoardPackPage /> },
  { path: 'dashboard', element: <DashboardPage /> },
  { path: 'admin/users', element: <UsersPage /> },
  { path: 'admin/funds', element: <FundsPage /> },
];
