import http from 'node:http';
import { timingSafeEqual, createHash } from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Metrics } from '../observability';

function sameSecret(a: string, b: string): boolean {
  // Hashes make the comparison constant-time whatever the lengths.
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

function metricsHandler(metrics: Metrics, token: string | undefined): RequestHandler {
  return async (req, res) => {
    if (token) {
      const m = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '');
      if (!m || !sameSecret(m[1], token)) {
        res.setHeader('www-authenticate', 'Bearer realm="metrics"');
        res
          .status(401)
          .json({ errors: [{ message: 'Metrics need METRICS_TOKEN.', extensions: { code: 'UNAUTHENTICATED' } }] });
        return;
      }
    }
    res.setHeader('content-type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  };
}

/**
 * `/metrics` is never public: on the API port only with `Authorization: Bearer METRICS_TOKEN`;
 * with METRICS_PORT on a listener of its own (token still checked when set). Neither: not served.
 */
export function metricsRoute(ex: Express, metrics: Metrics, config: Config): void {
  if (config.METRICS_TOKEN && !config.METRICS_PORT) ex.get('/metrics', metricsHandler(metrics, config.METRICS_TOKEN));
}

/** The separate metrics listener when METRICS_PORT is set; null otherwise. */
export async function startMetricsServer(
  metrics: Metrics,
  config: Config,
  log: Logger,
  host: string,
): Promise<http.Server | null> {
  if (config.METRICS_PORT === undefined) return null;
  const ex = express();
  ex.disable('x-powered-by');
  ex.get('/metrics', metricsHandler(metrics, config.METRICS_TOKEN));
  const server = http.createServer(ex);
  await new Promise<void>((resolve) => server.listen(config.METRICS_PORT, host, resolve));
  log.info({ port: config.METRICS_PORT }, 'metrics served on their own port');
  return server;
}
