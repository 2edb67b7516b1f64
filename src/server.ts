import 'reflect-metadata';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import cors from 'cors';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { assertServerConfig, type Config } from './config';
import { TokenService } from './auth/token';
import { authenticate } from './auth/authenticate';
import { type Clock, systemClock } from './core/clock';
import { type Context, type HttpExchange } from './graphql/context';
import { clearRefreshCookie, setRefreshCookie } from './auth/refresh-cookie';
import { Loaders } from './graphql/loaders';
import { describeValidationErrors, inputGuardPlugin } from './graphql/input-guard';
import { buildAppSchema } from './graphql/schema';
import { createMetrics, type Metrics } from './observability';
import type { AppServices } from './services';
import { routeHooks } from './routes';
import { createAuditSigner } from './audit/signing';
import {
  abandon,
  currentScope,
  installRequestScope,
  markNotCancellable,
  sqlStatements,
  withRequestScope,
} from './db/request-scope';
import { DbPools } from './db/pools';
import { createPayments } from './payments/stripe.client';
import { isCancelledByClient, isDatabaseUnavailable, isStatementTimeout } from './db/unavailable';
import { ServiceUnavailableError } from './graphql/errors';
import { QUERY_LIMITS } from './graphql/limits';
import { RateLimits } from './auth/rate-limit';
import { securityHeaders } from './http/security-headers';
import { metricsRoute, startMetricsServer } from './http/metrics-route';
import { portalRoutes } from './portal';
import { createMailer } from './notifications/mailer';
import { createStorage } from './storage';

export interface AppOptions {
  config: Config;
  orm: MikroORM;
  log: Logger;
  clock?: Clock;
}

export interface RunningApp {
  url: string;
  port: number;
  /** Port of the separate /metrics listener (METRICS_PORT), else null. */
  metricsPort: number | null;
  app: AppServices;
  httpServer: http.Server;
  stop(): Promise<void>;
}

const MASKED = 'Internal server error';
const UNAVAILABLE = 'The service is temporarily unavailable; retry shortly.';
export const QUERY_TIMEOUT_MESSAGE =
  'The request took too long and was stopped; nothing it was changing was saved. Narrow it (a shorter period, a smaller page) or retry later.';
/** Top-level codes answered 503 with Retry-After: the request may succeed later. */
const RETRYABLE: Record<string, string> = { SERVICE_UNAVAILABLE: '1', QUERY_TIMEOUT: '5' };

/** Apollo plugin: request log line, Prometheus figures, request id on masked errors. */
function observabilityPlugin(metrics: Metrics, exposeSqlCount: boolean): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      let operation = 'anonymous';
      return {
        async didResolveOperation({ operationName, operation: op }) {
          operation = operationName ?? op?.name?.value ?? 'anonymous';
          // A mutation is never cancelled half-way by its client leaving (request-scope.ts).
          if (op?.operation === 'mutation') markNotCancellable();
        },
        async didEncounterErrors({ errors }) {
          for (const e of errors) {
            const original = e.originalError;
            if (original && isStatementTimeout(original)) {
              contextValue.log.warn({ operation }, 'statement timeout');
            } else if (original && isCancelledByClient(original)) {
              contextValue.log.info({ operation }, 'client went away: statements cancelled');
            } else if (original && !(original instanceof GraphQLError)) {
              contextValue.log.error({ err: original, operation }, 'unexpected error');
            }
          }
        },
        async willSendResponse({ response, errors }) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const status = errors?.length ? 'error' : 'ok';
          metrics.requests.inc({ operation, status });
          metrics.duration.observe({ operation }, seconds);
          contextValue.log.info(
            { operation, userId: contextValue.actor?.userId ?? null, durationMs: Math.round(seconds * 1000), status },
            'graphql',
          );
          // Outside production the number of SQL statements is reported, for tests and benchmarks.
          const statements = sqlStatements();
          if (!exposeSqlCount || statements === null) {
            // nothing to add
          } else if (response.body.kind === 'single') {
            response.body.singleResult.extensions = {
              ...response.body.singleResult.extensions,
              sqlStatements: statements,
            };
          }
          if (response.body.kind === 'single') {
            // The database is down or a statement ran out of time: a retryable 503, so clients and
            // load balancers back off and retry.
            const retryable = response.body.singleResult.errors?.find((e) => RETRYABLE[String(e.extensions?.code)]);
            if (retryable) {
              response.http.status = 503;
              response.http.headers.set('retry-after', RETRYABLE[String(retryable.extensions?.code)]);
            }
            // Heavy reads all busy (db/pools.ts): 503 with the seconds to wait.
            const busy = response.body.singleResult.errors?.find((e) => e.extensions?.code === 'SERVER_BUSY');
            if (busy) {
              response.http.status = 503;
              response.http.headers.set('retry-after', String(busy.extensions?.retryAfter ?? 1));
            }
            // Throttled: 429 with the seconds to wait, for clients and proxies alike.
            const limited = response.body.singleResult.errors?.find((e) => e.extensions?.code === 'RATE_LIMITED');
            if (limited) {
              response.http.status = 429;
              response.http.headers.set('retry-after', String(limited.extensions?.retryAfter ?? 1));
            }
            for (const e of response.body.singleResult.errors ?? []) {
              if (e.extensions?.code === 'INTERNAL_SERVER_ERROR') {
                (e.extensions as Record<string, unknown>).requestId = contextValue.requestId;
              }
            }
          }
        },
      };
    },
  };
}

export function formatError(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = (error as GraphQLError)?.originalError;
    const code = formatted.extensions?.code;
    const expected = !original || original instanceof GraphQLError;
    if (!expected && isDatabaseUnavailable(original)) {
      return { message: UNAVAILABLE, extensions: { code: 'SERVICE_UNAVAILABLE' } };
    }
    if (!expected && isStatementTimeout(original)) {
      return { message: QUERY_TIMEOUT_MESSAGE, extensions: { code: 'QUERY_TIMEOUT' } };
    }
    if (!expected || code === 'INTERNAL_SERVER_ERROR' || (!code && original)) {
      return { message: MASKED, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    const extensions = { ...formatted.extensions, code: code === 'UNAUTHORIZED' ? 'FORBIDDEN' : code };
    if (production) delete (extensions as Record<string, unknown>).stacktrace;
    const invalid = code === 'BAD_USER_INPUT' ? describeValidationErrors(formatted.extensions?.validationErrors) : null;
    if (invalid) return { ...formatted, message: invalid.message, extensions: { ...extensions, field: invalid.field } };
    return { ...formatted, extensions };
  };
}

export async function createServer(
  opts: AppOptions,
  schema?: GraphQLSchema,
): Promise<{
  express: Express;
  httpServer: http.Server;
  apollo: ApolloServer<Context>;
  app: AppServices;
  metrics: Metrics;
}> {
  const { config, orm, log } = opts;
  assertServerConfig(config);
  const clock = opts.clock ?? systemClock;
  const app: AppServices = {
    config,
    orm,
    log,
    clock,
    tokens: new TokenService(config.jwtSecret, config.JWT_TTL_SECONDS, () => clock.now()),
    auditSigner: createAuditSigner(config.AUDIT_SIGNING_KEY),
    payments: createPayments(config),
    rateLimits: new RateLimits(orm, config.RATE_LIMITS === '1'),
    storage: createStorage(config.STORAGE_URL),
    pools: new DbPools(config, orm, log),
    mailer: createMailer(config),
  };
  if (app.auditSigner.ephemeral) {
    log.warn(
      { keyId: app.auditSigner.keyId },
      'AUDIT_SIGNING_KEY not set: checkpoints are signed with an ephemeral key',
    );
  }
  const metrics = createMetrics(orm);
  const ex = express();
  ex.disable('x-powered-by');
  ex.set('trust proxy', config.TRUST_PROXY);
  securityHeaders(ex, config.production);
  // No ETags: GraphQL answers POSTs, and hashing every response body showed in profiles.
  ex.set('etag', false);
  const httpServer = http.createServer(ex);

  const armor = new ApolloArmor({
    maxDepth: { n: QUERY_LIMITS.maxDepth },
    maxAliases: { n: QUERY_LIMITS.maxAliases, allowList: [] },
    costLimit: { maxCost: QUERY_LIMITS.maxCost },
    // Token limit through graphql's own parser (parseOptions below): armor's parser answers 500 on syntax errors.
    maxTokens: { enabled: false },
    maxDirectives: { n: QUERY_LIMITS.maxDirectives },
    blockFieldSuggestion: { enabled: config.production },
  }).protect();

  const apollo = new ApolloServer<Context>({
    schema: schema ?? (await buildAppSchema()),
    introspection: !config.production,
    csrfPrevention: true,
    parseOptions: { maxTokens: QUERY_LIMITS.maxTokens },
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    validationRules: armor.validationRules,
    formatError: formatError(config.production),
    // Compact JSON: Apollo's default pretty-prints (2-space indent) every response.
    stringifyResult: (value) => JSON.stringify(value),
    plugins: [
      // No HTTP cache hints are used; the default cache-control plugin wraps every field resolver.
      ApolloServerPluginCacheControlDisabled(),
      ...armor.plugins,
      ApolloServerPluginDrainHttpServer({ httpServer }),
      inputGuardPlugin<Context>(),
      observabilityPlugin(metrics, !config.production),
      ...(config.production ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
  await apollo.start();

  installRequestScope(orm);
  // Each request's statements are counted and tracked; when its client leaves before the answer, a
  // read's running statements are cancelled so its connections are free at once (db/request-scope.ts).
  ex.use((_req, res, next) =>
    withRequestScope(() => {
      const scope = currentScope();
      res.on('close', () => {
        if (scope && !res.writableFinished) void abandon(scope);
      });
      next();
    }),
  );
  ex.use((req, res, next) => {
    const incoming = req.header('x-request-id');
    const id = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = id;
    res.setHeader('x-request-id', id);
    next();
  });

  ex.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  ex.get('/readyz', async (_req, res) => {
    try {
      await Promise.race([
        orm.em.getConnection().execute('select 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000)),
      ]);
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'database unavailable' });
    }
  });
  metricsRoute(ex, metrics, config);

  for (const hook of routeHooks) hook(ex, app);

  ex.use(
    '/graphql',
    cors({ origin: config.corsOrigins.length ? config.corsOrigins : false, credentials: false }),
    express.json({ limit: config.BODY_LIMIT }),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<Context> => {
        const requestId = res.locals.requestId as string;
        const em = orm.em.fork();
        const child = log.child({ requestId });
        // A lost database connection is a retryable 503, not a masked internal error.
        const { actor, authError } = await authenticate(req, em, app.tokens, app.clock.now()).catch((e: unknown) => {
          throw isDatabaseUnavailable(e) ? new ServiceUnavailableError(UNAVAILABLE) : e;
        });
        const clientAddress = req.ip ?? req.socket.remoteAddress ?? 'unknown';
        const http: HttpExchange = {
          userAgent: req.header('user-agent') ?? null,
          setRefreshCookie: (token, expiresAt) => setRefreshCookie(res, token, expiresAt),
          clearRefreshCookie: () => clearRefreshCookie(res),
        };
        return { em, actor, authError, requestId, clientAddress, log: child, loaders: new Loaders(em), app, http };
      },
    }),
  );

  portalRoutes(ex, config.PORTAL_DIR, log);

  // Unknown paths: a coded JSON answer that keeps the security headers (Express's own 404 page replaces the CSP).
  ex.use((_req, res) => {
    res.status(404).json({ errors: [{ message: 'Not found.', extensions: { code: 'NOT_FOUND' } }] });
  });

  // Malformed JSON, oversize bodies and other transport errors: a coded JSON answer, no stack.
  ex.use(
    (
      err: Error & { status?: number; type?: string },
      _req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      if (res.headersSent) return next(err);
      if (isDatabaseUnavailable(err)) {
        // Exports and webhooks too: 503 tells clients (and Stripe) to retry.
        res.setHeader('retry-after', '1');
        res.status(503).json({
          errors: [
            { message: UNAVAILABLE, extensions: { code: 'SERVICE_UNAVAILABLE', requestId: res.locals.requestId } },
          ],
        });
        return;
      }
      const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
      if (status === 500) log.error({ err, requestId: res.locals.requestId }, 'unhandled http error');
      res.status(status).json({
        errors: [
          {
            message: status === 500 ? MASKED : err.message,
            extensions: {
              code: status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST',
              requestId: res.locals.requestId,
            },
          },
        ],
      });
    },
  );

  return { express: ex, httpServer, apollo, app, metrics };
}

/** Creates the server and listens; `stop` drains in-flight requests, then closes the database. */
export async function startServer(opts: AppOptions & { port: number; host?: string }): Promise<RunningApp> {
  const { httpServer, apollo, app, metrics } = await createServer(opts);
  const host = opts.host ?? '0.0.0.0';
  await new Promise<void>((resolve) => httpServer.listen(opts.port, host, resolve));
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const metricsServer = await startMetricsServer(metrics, opts.config, opts.log, host);
  const metricsAddress = metricsServer?.address();
  return {
    url: `http://localhost:${port}/graphql`,
    port,
    metricsPort: typeof metricsAddress === 'object' && metricsAddress ? metricsAddress.port : null,
    app,
    httpServer,
    async stop() {
      await apollo.stop();
      await new Promise<void>((resolve) => (metricsServer ? metricsServer.close(() => resolve()) : resolve()));
      await app.pools.close();
      app.mailer?.close();
    },
  };
}
