import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { CONTENT_SECURITY_POLICY } from './http/security-headers';

/**
 * The portal's page: the API's policy, plus inline styles, which its components (Mantine) use for
 * the theme's CSS variables (one <style> element and style attributes). Scripts stay same-origin.
 */
const portalPolicy = helmet.contentSecurityPolicy({
  ...CONTENT_SECURITY_POLICY,
  directives: { ...CONTENT_SECURITY_POLICY.directives, styleSrc: ["'self'", "'unsafe-inline'"] },
});

/** Paths that belong to the API; the portal's fallback never answers them. */
const API_PREFIXES = ['/graphql', '/webhooks', '/exports', '/healthz', '/readyz', '/metrics'];

/**
 * Serves the built portal (web/dist) at `/`: hashed assets cached for a year, and the portal's
 * index.html for any other GET that accepts HTML, so deep links work after a reload.
 */
export function portalRoutes(ex: Express, portalDir: string, log: Logger): void {
  const dir = path.resolve(portalDir);
  const indexFile = path.join(dir, 'index.html');
  if (!fs.existsSync(indexFile)) {
    log.info({ portalDir: dir }, 'portal not built (npm run build): only the API is served');
    return;
  }
  ex.use(
    '/assets',
    express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: false }),
  );
  ex.use(express.static(dir, { index: false }));
  ex.get('/{*path}', (req, res, next) => {
    if (API_PREFIXES.some((p) => req.path === p || req.path.startsWith(`${p}/`))) return next();
    if (!req.accepts('html')) return next();
    res.setHeader('cache-control', 'no-cache');
    portalPolicy(req, res, () => res.sendFile(indexFile));
  });
}
