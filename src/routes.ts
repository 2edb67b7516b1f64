import type { Express } from 'express';
import type { AppServices } from './services';
import { stripeWebhookRoute } from './payments/stripe.webhook';
import { csvExportRoutes } from './exports/csv.route';
import { openDataRoutes } from './exports/open-data.route';
import { refreshCookieRoutes } from './auth/refresh-cookie';
import { documentRoutes } from './documents/document.routes';
import { issuedPdfRoutes } from './documents/pdf/issue.routes';

/** Extra HTTP routes (e.g. payment webhooks), mounted before `/graphql`. */
export type RouteHook = (app: Express, services: AppServices) => void;

export const routeHooks: RouteHook[] = [
  stripeWebhookRoute,
  csvExportRoutes,
  openDataRoutes,
  refreshCookieRoutes,
  documentRoutes,
  issuedPdfRoutes,
];
