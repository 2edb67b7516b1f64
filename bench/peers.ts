/**
 * The peer and the ceiling of the nested-read benchmark, in one child process of bench/run.ts:
 * - PostGraphile 4.14 as a library over the same database (its auto-generated schema);
 * - one hand-written SQL statement (json_agg nesting) behind a bare node:http handler.
 * Both count the SQL statements they send (GET /__statements returns and resets the count).
 *
 *   ts-node -T bench/peers.ts <databaseUrl> <postgraphilePort> <ceilingPort>
 */
import http from 'node:http';
import Module from 'node:module';
import path from 'node:path';
import pg from 'pg';
import { CEILING_SQL } from './queries';

// PostGraphile 4 ships graphql 15; npm hoisted graphql-parse-resolve-info next to our graphql 16,
// and two graphql copies in one schema fail ("from another realm"). Route every `graphql` require
// of this process to PostGraphile's copy.
const graphql15 = path.dirname(require.resolve('postgraphile/node_modules/graphql/package.json'));
const resolve = (Module as unknown as { _resolveFilename: (r: string, ...a: unknown[]) => string })._resolveFilename;
(Module as unknown as { _resolveFilename: typeof resolve })._resolveFilename = (request, ...rest) =>
  resolve(request === 'graphql' || request.startsWith('graphql/') ? graphql15 + request.slice(7) : request, ...rest);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { postgraphile } = require('postgraphile') as typeof import('postgraphile');

const [url, pgPort, ceilPort] = process.argv.slice(2);
let statements = 0;
const query = pg.Client.prototype.query;
// Counted at the driver, like our server's own counter: every statement the handler sends.
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;

const pool = new pg.Pool({ connectionString: url, max: 10 });

function counted(handler: http.RequestListener): http.RequestListener {
  return (req, res) => {
    if (req.url === '/__statements') {
      res.end(String(statements));
      statements = 0;
      return;
    }
    handler(req, res);
  };
}

const graphile = postgraphile(pool, 'public', {
  // Production settings: no GraphiQL, no query log, no stack traces, schema built once.
  graphiql: false,
  disableQueryLog: true,
  showErrorStack: false,
  watchPg: false,
  ignoreRBAC: false,
  setofFunctionsContainNulls: false,
  dynamicJson: true,
  legacyRelations: 'omit',
  retryOnInitFail: false,
});

const ceiling: http.RequestListener = (req, res) => {
  req.resume();
  req.on('end', () => {
    pool.query<{ body: string }>(CEILING_SQL).then(
      ({ rows }) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(rows[0]!.body);
      },
      (err: Error) => {
        res.writeHead(500);
        res.end(err.message);
      },
    );
  });
};

http.createServer(counted(graphile)).listen(Number(pgPort), '127.0.0.1');
http.createServer(counted(ceiling)).listen(Number(ceilPort), '127.0.0.1', () => process.stdout.write('ready\n'));
