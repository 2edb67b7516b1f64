import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { withMessages } from './i18n';
import { Layout } from './Layout';
import { RequireLogin } from './RequireLogin';
import { staffBoardRoutes } from './staff-board-routes';

// One chunk per screen: the first page loads only what it shows. The NGO screens bring their
// texts with them (withMessages).
const FundPage = lazy(() => import('../features/public/FundPage'));
const CallPage = lazy(() => import('../features/public/CallPage'));
const RegisterPage = lazy(() => import('../features/public/RegisterPage'));
const LoginPage = lazy(() => import('../features/auth/LoginPage'));
const ForgotPasswordPage = lazy(() => import('../features/auth/ForgotPasswordPage'));
const ResetPasswordPage = lazy(() => import('../features/auth/ResetPasswordPage'));
const AccountPage = lazy(() => import('../features/account/AccountPage'));
const SecurityPage = lazy(() => import('../features/account/SecurityPage'));
const SessionsPage = lazy(() => import('../features/account/SessionsPage'));
const VerifyEmailPage = lazy(() => import('../features/auth/VerifyEmailPage'));
const NgoHome = lazy(withMessages('ngo', () => import('../features/ngo/NgoHome')));
const ApplyPage = lazy(withMessages('ngo', () => import('../features/ngo/ApplyPage')));
const ApplicationPage = lazy(withMessages('ngo', () => import('../features/ngo/ApplicationPage')));
const OrganizationPage = lazy(withMessages('ngo', () => import('../features/ngo/OrganizationPage')));
const AwardPage = lazy(withMessages('ngo', () => import('../features/ngo/AwardPage')));
const ReportPage = lazy(withMessages('ngo', () => import('../features/ngo/ReportPage')));
const NotificationsPage = lazy(() => import('../features/notifications/NotificationsPage'));
const NotFound = lazy(() => import('./NotFound'));
// Donor journeys.
const DonorHome = lazy(() => import('../features/donor/DonorHome'));
const PledgeNewPage = lazy(() => import('../features/donor/PledgeNewPage'));
const PledgePage = lazy(() => import('../features/donor/PledgePage'));
const CardPaymentPage = lazy(() => import('../features/donor/CardPaymentPage'));
const ReceiptPage = lazy(() => import('../features/donor/ReceiptPage'));
const ImpactPage = lazy(() => import('../features/donor/ImpactPage'));
// Staff workspaces (issue 16), each with its feature's texts.
const InboxPage = lazy(withMessages('secretariat', () => import('../features/secretariat/InboxPage')));
const SecApplicationPage = lazy(withMessages('secretariat', () => import('../features/secretariat/ApplicationPage')));
const DisbursementPage = lazy(withMessages('secretariat', () => import('../features/secretariat/DisbursementPage')));
const CallsPage = lazy(withMessages('secretariat', () => import('../features/secretariat/CallsPage')));
const SecCallPage = lazy(withMessages('secretariat', () => import('../features/secretariat/CallPage')));
const VettingPage = lazy(withMessages('secretariat', () => import('../features/secretariat/VettingPage')));
const BoardHome = lazy(withMessages('board', () => import('../features/board/BoardHome')));
const ReviewPage = lazy(withMessages('board', () => import('../features/board/ReviewPage')));
const VotePage = lazy(withMessages('board', () => import('../features/board/VotePage')));
const MoneyPage = lazy(withMessages('secretariat', () => import('../features/secretariat/money/MoneyPage')));
const PledgesPage = lazy(withMessages('secretariat', () => import('../features/secretariat/money/PledgesPage')));
const ContributionsPage = lazy(
  withMessages('secretariat', () => import('../features/secretariat/money/ContributionsPage')),
);
const ReconciliationPage = lazy(
  withMessages('secretariat', () => import('../features/secretariat/money/ReconciliationPage')),
);
const FundStatementPage = lazy(withMessages('audit', () => import('../features/audit/FundStatementPage')));
const AuditTrailPage = lazy(withMessages('audit', () => import('../features/audit/AuditTrailPage')));
const HistoryPage = lazy(withMessages('audit', () => import('../features/audit/HistoryPage')));

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { index: true, element: <FundPage /> },
      { path: 'funds/:code', element: <FundPage /> },
      { path: 'calls/:id', element: <CallPage /> },
      { path: 'calls/:id/apply', element: <RegisterPage /> },
      { path: 'register', element: <RegisterPage /> },
      { path: 'login', element: <LoginPage /> },
      { path: 'forgot-password', element: <ForgotPasswordPage /> },
      { path: 'reset-password', element: <ResetPasswordPage /> },
      { path: 'verify-email', element: <VerifyEmailPage /> },
      {
        element: <RequireLogin />,
        children: [
          { path: 'account', element: <AccountPage /> },
          { path: 'account/security', element: <SecurityPage /> },
          { path: 'account/sessions', element: <SessionsPage /> },
          { path: 'ngo', element: <NgoHome /> },
          // NGO journeys
          { path: 'ngo/calls/:id/apply', element: <ApplyPage /> },
          { path: 'ngo/applications/:id', element: <ApplicationPage /> },
          { path: 'ngo/organization', element: <OrganizationPage /> },
          { path: 'ngo/awards/:id', element: <AwardPage /> },
          { path: 'ngo/reports/:id', element: <ReportPage /> },
          { path: 'notifications', element: <NotificationsPage /> },
          // Donor journeys.
          { path: 'donor', element: <DonorHome /> },
          { path: 'donor/pledges/new', element: <PledgeNewPage /> },
          { path: 'donor/pledges/:id', element: <PledgePage /> },
          { path: 'donor/pay', element: <CardPaymentPage /> },
          { path: 'donor/contributions/:id', element: <ReceiptPage /> },
          { path: 'donor/impact', element: <ImpactPage /> },
          // Secretariat, board, auditors.
          { path: 'secretariat', element: <InboxPage /> },
          { path: 'secretariat/applications/:id', element: <SecApplicationPage /> },
          { path: 'secretariat/awards/:id', element: <DisbursementPage /> },
          { path: 'secretariat/organizations/:id', element: <VettingPage /> },
          { path: 'secretariat/calls', element: <CallsPage /> },
          { path: 'secretariat/calls/:id', element: <SecCallPage /> },
          { path: 'secretariat/money', element: <MoneyPage /> },
          { path: 'secretariat/pledges', element: <PledgesPage /> },
          { path: 'secretariat/contributions', element: <ContributionsPage /> },
          { path: 'secretariat/reconciliation', element: <ReconciliationPage /> },
          { path: 'board', element: <BoardHome /> },
          { path: 'board/applications/:id/review', element: <ReviewPage /> },
          { path: 'board/applications/:id/vote', element: <VotePage /> },
          { path: 'audit', element: <AuditTrailPage /> },
          { path: 'audit/fund', element: <FundStatementPage /> },
          { path: 'audit/history/:id', element: <HistoryPage /> },
          ...staffBoardRoutes,
        ],
      },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
