import pino, { type Logger } from 'pino';
import client from 'prom-client';
import type { MikroORM } from '@mikro-orm/postgresql';

export function createLogger(level: string, production: boolean, destination?: NodeJS.WritableStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'vtf-grants' },
    redact: {
      paths: ['req.headers.authorization', '*.password', '*.token', '*.iban', 'input.password', 'variables.*.password'],
      censor: '[REDACTED]',
    },
    ...(production ? {} : { timestamp: pino.stdTimeFunctions.isoTime }),
  };
  return destination ? pino(options, destination) : pino(options);
}

export interface Metrics {
  registry: client.Registry;
  requests: client.Counter<'operation' | 'status'>;
  duration: client.Histogram<'operation'>;
}

/** Prometheus metrics: GraphQL operations by name, and the database pool at scrape time. */
export function createMetrics(orm: MikroORM): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const requests = new client.Counter({
    name: 'graphql_requests_total',
    help: 'GraphQL operations by operation name and outcome',
    labelNames: ['operation', 'status'] as const,
    registers: [registry],
  });
  const duration = new client.Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'GraphQL operation duration by operation name',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const pool = () => {
    const p = (
      orm.em.getKnex().client as {
        pool?: { numUsed(): number; numFree(): number; numPendingAcquires(): number; max: number };
      }
    ).pool;
    return p ?? { numUsed: () => 0, numFree: () => 0, numPendingAcquires: () => 0, max: 0 };
  };
  new client.Gauge({
    name: 'db_pool_used',
    help: 'Database connections in use',
    registers: [registry],
    collect() {
      this.set(pool().numUsed());
    },
  });
  new client.Gauge({
    name: 'db_pool_free',
    help: 'Idle database connections',
    registers: [registry],
    collect() {
      this.set(pool().numFree());
    },
  });
  new client.Gauge({
    name: 'db_pool_pending',
    help: 'Requests waiting for a connection',
    registers: [registry],
    collect() {
      this.set(pool().numPendingAcquires());
    },
  });
  new client.Gauge({
    name: 'db_pool_max',
    help: 'Pool size limit',
    registers: [registry],
    collect() {
      this.set(pool().max);
    },
  });
  return { registry, requests, duration };
}
