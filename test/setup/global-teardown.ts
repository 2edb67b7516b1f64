import { Client } from 'pg';
import { withDatabase } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const base = process.env.VTF_TEST_BASE_URL;
  const run = process.env.VTF_TEST_RUN;
  if (base && run) {
    const admin = new Client({ connectionString: withDatabase(base, 'postgres') });
    await admin.connect();
    const dbs = await admin.query<{ datname: string }>('select datname from pg_database where datname like $1 or datname = $2', [
      `vtf_t_${run}_%`,
      `vtf_tpl_${run}`,
    ]);
    for (const { datname } of dbs.rows) await admin.query(`drop database if exists "${datname}" with (force)`);
    await admin.end();
  }
  await globalThis.__EMBEDDED_PG__?.stop();
}
