/**
 * PostGraphile 5 (Grafast) as a second peer of the nested-read benchmark, in its own child process of
 * bench/run.ts: PostGraphile 4 in bench/peers.ts routes every `graphql` require to its graphql 15, and
 * version 5 runs on graphql 16. Installed under the npm alias `postgraphile5` beside postgraphile@4.
 * The V4 preset keeps version 4's schema names, so both peers answer the same query text
 * (bench/queries.ts PEER_NESTED). Counts the SQL statements it sends (GET /__statements).
 *
 *   ts-node -T bench/postgraphile5.ts <databaseUrl> <port>
 */
import http from 'node:http';
import path from 'node:path';
import type { Pool } from 'pg';

// postgraphile5 publishes its entry points through package.json "exports", which this repository's
// TypeScript resolution ("node") does not read: required, with the small surface used here typed.
interface Serv {
  addTo(server: http.Server): Promise<void>;
}
interface Instance {
  createServ(grafserv: unknown): Serv;
  getSchema(): Promise<unknown>;
}
/* eslint-disable @typescript-eslint/no-require-imports */
const { postgraphile } = require('postgraphile5') as { postgraphile: (preset: unknown) => Instance };
const { grafserv } = require('postgraphile5/grafserv/node') as { grafserv: unknown };
const { makeV4Preset } = require('postgraphile5/presets/v4') as { makeV4Preset: (o: object) => unknown };
const { makePgService } = require('postgraphile5/adaptors/pg') as { makePgService: (o: object) => unknown };
// The pg that PostGraphile 5's adaptor loads: every statement it sends is counted at that driver.
const pg = require(require.resolve('pg', { paths: [path.dirname(require.resolve('postgraphile5'))] })) as {
  Client: { prototype: { query: (...a: unknown[]) => unknown } };
  Pool: new (o: object) => Pool;
};
/* eslint-enable @typescript-eslint/no-require-imports */

const [url, port] = process.argv.slice(2);
let statements = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
  statements++;
  return query.apply(this, args);
};

const pool = new pg.Pool({ connectionString: url, max: 10 });
// The settings of the version 4 peer (bench/peers.ts), in version 5's V4 preset.
const preset = {
  extends: [
    makeV4Preset({
      graphiql: false,
      showErrorStack: false,
      watchPg: false,
      ignoreRBAC: false,
      setofFunctionsContainNulls: false,
      dynamicJson: true,
      retryOnInitFail: false,
    }),
  ],
  pgServices: [makePgService({ pool, schemas: ['public'] })],
  grafserv: { graphiql: false, watch: false },
  grafast: { explain: false },
};

async function main(): Promise<void> {
  const pgl = postgraphile(preset);
  await pgl.getSchema(); // built once, before the first request
  const serv = pgl.createServ(grafserv);
  const server = http.createServer();
  await serv.addTo(server);
  // GET /__statements is answered here; every other request goes to grafserv's listeners.
  const grafservListeners = server.listeners('request') as http.RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.url === '/__statements') {
      res.end(String(statements));
      statements = 0;
      return;
    }
    for (const l of grafservListeners) l(req, res);
  });
  server.listen(Number(port), '127.0.0.1', () => process.stdout.write('ready\n'));
}

main().catch((err: unknown) => {
  process.stderr.write(
    `PostGraphile 5 peer failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
