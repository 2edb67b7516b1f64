import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildAppSchema } from './schema';

/** Writes schema/schema.graphql, or with --check fails when the committed file is stale. */
async function run(): Promise<void> {
  const file = path.resolve(__dirname, '..', '..', 'schema', 'schema.graphql');
  const sdl = `${printSchema(lexicographicSortSchema(await buildAppSchema()))}\n`;
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (current !== sdl) {
      process.stderr.write('schema/schema.graphql is stale: run npm run schema:emit and commit it.\n');
      process.exit(1);
    }
    process.stdout.write('schema/schema.graphql is up to date.\n');
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, sdl);
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}

void run();
