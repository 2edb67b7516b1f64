import type { Express, Request } from 'express';
import helmet from 'helmet';

/** Where the portal (served at `/` some day) may load Stripe.js and talk to Stripe. */
const STRIPE_SCRIPTS = ['https://js.stripe.com'];
const STRIPE_FRAMES = ['https://js.stripe.com', 'https://hooks.stripe.com'];
const STRIPE_API = ['https://api.stripe.com'];

/** Content-Security-Policy of every response: same-origin, Stripe.js, no framing by anyone. */
export const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", ...STRIPE_SCRIPTS],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:', 'https://*.stripe.com'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'", ...STRIPE_API],
    frameSrc: STRIPE_FRAMES,
    frameAncestors: ["'none'"],
    formAction: ["'self'"],
    baseUri: ["'self'"],
    objectSrc: ["'none'"],
  },
};

/** Apollo's development landing page (an HTML page on GET /graphql) brings its own CSP in a meta tag. */
function isDevelopmentLandingPage(req: Request): boolean {
  return req.method === 'GET' && req.path === '/graphql' && Boolean(req.accepts('text/html'));
}

/**
 * helmet on every response. HSTS only on requests that arrived over TLS, which behind a proxy
 * (TRUST_PROXY) Express reads from X-Forwarded-Proto.
 */
export function securityHeaders(ex: Express, production: boolean): void {
  const headers = helmet({
    contentSecurityPolicy: false,
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
  });
  const csp = helmet.contentSecurityPolicy(CONTENT_SECURITY_POLICY);
  const hsts = helmet.strictTransportSecurity({ maxAge: 31_536_000, includeSubDomains: true });
  ex.use(headers);
  ex.use((req, res, next) => {
    if (!production && isDevelopmentLandingPage(req)) return next();
    csp(req, res, next);
  });
  ex.use((req, res, next) => (req.secure ? hsts(req, res, next) : next()));
}
