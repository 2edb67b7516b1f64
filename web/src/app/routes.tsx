import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { withMessages } from './i18n';
import { Layout } from './Layout';
import { RequireLogin } from './RequireLogin';

// One chunk per screen: the first page loads only what it shows. The NGO screens bring their
// texts with them (withMessages).
const FundPage = lazy(() => import('../features/public/FundPage'));
const CallPage = lazy(() => import('../features/public/CallPage'));
const RegisterPage = lazy(() => import('../features/public/RegisterPage'));
const LoginPage = lazy(() => import('../features/auth/LoginPage'));
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
      {
        element: <RequireLogin />,
        children: [
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
        ],
      },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
