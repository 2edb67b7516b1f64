import { z } from 'zod';
import { parseSigningKey } from './audit/signing';

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  DATABASE_URL: z.string().url().optional(),
  /** The owner's URL for migrations (and pg-boss's schema); DATABASE_URL then connects as the run-time role. */
  MIGRATION_DATABASE_URL: z.string().url().optional(),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  /** Data directory of the embedded PostgreSQL; unset: .data/postgres (as root, when out of the postgres user's reach, EMBEDDED_PG_ROOT_DIR/data). */
  EMBEDDED_PG_DIR: z.string().min(1).optional(),
  /** As root: where the embedded PostgreSQL's binaries are copied when the clone is private. */
  EMBEDDED_PG_ROOT_DIR: z.string().min(1).optional(),
  JWT_SECRET: z.string().min(32).optional(),
  JWT_TTL_SECONDS: z.coerce.number().int().positive().default(900),
  /** Lifetime of a refresh token (each refresh hands out a new one): a session unused this long ends. */
  REFRESH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(14 * 24 * 3600),
  /** The portal's public address: links in e-mails (password reset) point there. */
  PUBLIC_URL: z.string().url().default('http://localhost:4000'),
  /** How long a password-reset link works (it works once). */
  PASSWORD_RESET_TTL_SECONDS: z.coerce.number().int().positive().default(3600),
  /** How long a session's second factor counts for the actions a fund's policy names (step-up). */
  STEP_UP_WINDOW_SECONDS: z.coerce.number().int().positive().default(600),
  /** How long the second step of a login (code or passkey) may wait after the password. */
  LOGIN_CHALLENGE_TTL_SECONDS: z.coerce.number().int().positive().default(300),
  /** Key (32+ characters) that encrypts TOTP secrets at rest; unset: derived from JWT_SECRET. */
  TOTP_ENCRYPTION_KEY: z.string().min(32).optional(),
  /** How long an e-mail verification link works (it works once; a new one can be asked for). */
  EMAIL_VERIFICATION_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(3 * 24 * 3600),
  /** How long an invitation to an organisation's team works (it works once). */
  INVITATION_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(7 * 24 * 3600),
  /** Absolute lifetime of a session, however often it is refreshed. */
  SESSION_MAX_AGE_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(30 * 24 * 3600),
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  /** Publishable key (pk_…) the portal gives Stripe.js; card payments show in the portal only with it. */
  STRIPE_PUBLISHABLE_KEY: z
    .string()
    .regex(/^(pk_(test|live)_[A-Za-z0-9]+)?$/)
    .optional(),
  STRIPE_API_HOST: z.string().optional(),
  STRIPE_API_PORT: z.coerce.number().int().optional(),
  STRIPE_API_PROTOCOL: z.enum(['http', 'https']).optional(),
  AUDIT_SIGNING_KEY: z.string().optional(),
  /**
   * Directory (outside the database; in production a mount of another system, ideally write-once)
   * where signed audit-chain checkpoints are written; "off" writes none.
   */
  AUDIT_CHECKPOINT_DIR: z.string().min(1).default('.data/audit-checkpoints'),
  /** When the checkpoint job runs (cron, UTC); a checkpoint is also written after every award decision. */
  AUDIT_CHECKPOINT_CRON: z.string().min(9).default('0 * * * *'),
  CORS_ORIGINS: z.string().default(''),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO: z.enum(['0', '1']).default('0'),
  DB_POOL_MAX: z.coerce.number().int().positive().default(10),
  /** statement_timeout (ms) of the interactive pool: a longer statement is cancelled (QUERY_TIMEOUT); 0: none. */
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  /** statement_timeout (ms) of heavy reads (statements, ledger checks, exports, statistics) and replica reads. */
  DB_HEAVY_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(120_000),
  /** Connections of the heavy-read pool (per server process): heavy reads never take the interactive pool's. */
  DB_HEAVY_POOL_MAX: z.coerce.number().int().positive().default(2),
  /** Heavy reads that may wait for a heavy connection; one more is answered 503 SERVER_BUSY with Retry-After. */
  DB_HEAVY_QUEUE_MAX: z.coerce.number().int().min(0).default(8),
  /** Comma-separated URLs of PostgreSQL streaming replicas for stale-tolerant reads (docs/performance.md). */
  DATABASE_REPLICA_URLS: z
    .string()
    .default('')
    .refine(
      (v) =>
        v
          .split(',')
          .map((u) => u.trim())
          .filter(Boolean)
          .every((u) => URL.canParse(u)),
      'a comma-separated list of postgres:// URLs',
    ),
  BODY_LIMIT: z.string().default('1mb'),
  /** 360Giving identifier prefix of the publisher; `{fund}` is replaced by the fund code. */
  GRANTNAV_PREFIX: z.string().min(1).default('360G-{fund}'),
  /** IATI organisation identifier of the reporting organisation (set the registered one in production). */
  IATI_REPORTING_ORG_REF: z.string().min(1).default('XI-IATI-{fund}'),
  IATI_REPORTING_ORG_TYPE: z
    .string()
    .regex(/^\d{2}$/)
    .default('40'),
  /** SMTP server for notification emails, e.g. smtp://user:pass@mail.example.org:587; unset: stored only. */
  SMTP_URL: z.string().url().optional(),
  SMTP_FROM: z.string().default('VTF Grants <no-reply@vtf-grants.invalid>'),
  /** 0: nested lists are read by the resolvers only, without the compiled single-statement reads (src/compiled-reads/). */
  SQL_READS: z.enum(['0', '1']).default('1'),
  /** Port of a listener that serves only /metrics; unset: /metrics on the API port with METRICS_TOKEN, or not at all. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Bearer token Prometheus sends to /metrics. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /**
   * Express `trust proxy`: `false` (default), the number of proxies in front, or their addresses/subnets
   * (`loopback`, `10.0.0.0/8`, comma-separated). Decides the client address (rate limits) and HTTPS (HSTS).
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .refine((v) => v.trim() !== 'true', 'name the number of proxies or their addresses; "true" trusts any client')
    .transform((v): boolean | number | string => {
      const t = v.trim();
      if (t === '' || t === 'false') return false;
      return /^\d+$/.test(t) ? Number(t) : t;
    }),
  /** 0 switches off the rate limits of login and registration (tests only; refused in production). */
  RATE_LIMITS: z.enum(['0', '1']).default('1'),
  /** UN Security Council Consolidated List (XML) for the scheduled re-import: a file path or an http(s) URL. */
  SANCTIONS_LIST_URL: z.string().min(1).optional(),
  /** Name similarity (0–1, Jaro-Winkler over words) from which a sanctions-list name is a possible match. */
  SANCTIONS_MATCH_THRESHOLD: z.coerce.number().gt(0).max(1).default(0.9),
  /** 0 disables the background jobs (pg-boss) in this process. */
  JOBS: z.enum(['0', '1']).default('1'),
  /** Where uploaded and generated files are kept: unset (.data/files), file:<dir>, or s3://[key:secret@]bucket/prefix?endpoint=…&region=…&forcePathStyle=true. */
  STORAGE_URL: z
    .string()
    .regex(/^(file:|s3:\/\/)/, 'expected file:<dir> or s3://bucket/prefix?…')
    .optional(),
  /** Largest accepted upload, in bytes (refused while it streams, nothing kept). */
  UPLOAD_MAX_FILE_BYTES: z.coerce.number().int().positive().max(2_000_000_000).default(26_214_400),
  /** Bytes one owner (organisation, application, report) may hold across all its uploads. */
  UPLOAD_MAX_OWNER_BYTES: z.coerce.number().int().positive().default(262_144_000),
  /** Scanner run on every upload, the file's path appended (e.g. `clamdscan --no-summary --fdpass`); non-zero exit quarantines. */
  UPLOAD_SCAN_COMMAND: z.string().min(1).optional(),
  UPLOAD_SCAN_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(120),
  /** Where uploads stream to while they are checked (deleted after). */
  UPLOAD_TMP_DIR: z.string().min(1).default('.data/uploads-tmp'),
  /** Lifetime of the signed download links the API hands out. */
  DOWNLOAD_LINK_TTL_SECONDS: z.coerce.number().int().positive().max(86_400).default(300),
  /** The built portal (web/dist) served at `/`; relative paths are resolved from the working directory. */
  PORTAL_DIR: z.string().default('web/dist'),
});

export type Config = z.infer<typeof schema> & {
  production: boolean;
  jwtSecret: string;
  /** Why the server must not start with this configuration's JWT secret (null: it may). */
  jwtSecretRefusal: string | null;
  corsOrigins: string[];
  replicaUrls: string[];
};

const DEV_JWT_SECRET = 'development-only-secret-never-used-in-production!';

/** Throws when the HTTP server must not start with this configuration. */
export function assertServerConfig(config: Config): void {
  if (config.jwtSecretRefusal) throw new Error(config.jwtSecretRefusal);
}

/** Parses and validates the environment once; production refuses to start without its secrets. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const c = parsed.data;
  const production = c.NODE_ENV === 'production';
  if (production) {
    const missing = ['JWT_SECRET', 'AUDIT_SIGNING_KEY'].filter((k) => !c[k as keyof typeof c]);
    if (missing.length > 0) {
      throw new Error(`Production mode needs ${missing.join(', ')}; refusing to start.`);
    }
    if (c.STRIPE_SECRET_KEY && !c.STRIPE_WEBHOOK_SECRET) {
      throw new Error('Production mode needs STRIPE_WEBHOOK_SECRET when STRIPE_SECRET_KEY is set; refusing to start.');
    }
    if (c.DEMO === '1') throw new Error('DEMO=1 is not allowed in production mode; refusing to start.');
    if (c.RATE_LIMITS === '0') throw new Error('RATE_LIMITS=0 is not allowed in production mode; refusing to start.');
  }
  // A malformed signing key must stop start-up, not the first checkpoint request.
  if (c.AUDIT_SIGNING_KEY) parseSigningKey(c.AUDIT_SIGNING_KEY);
  // The built-in secret is public (it is in this file): only an explicit development or test mode may
  // sign tokens with it, so a deployment that forgot both NODE_ENV and JWT_SECRET does not start.
  const explicitDevelopment = env.NODE_ENV === 'development' || env.NODE_ENV === 'test';
  const jwtSecretRefusal =
    c.JWT_SECRET || explicitDevelopment
      ? null
      : 'JWT_SECRET is not set and NODE_ENV is not explicitly development or test: ' +
        'refusing to sign tokens with the built-in development secret. Set JWT_SECRET (32+ characters).';
  return {
    ...c,
    production,
    jwtSecret: c.JWT_SECRET ?? DEV_JWT_SECRET,
    jwtSecretRefusal,
    corsOrigins: c.CORS_ORIGINS.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    replicaUrls: c.DATABASE_REPLICA_URLS.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  };
}
