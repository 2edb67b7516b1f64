import { AsyncLocalStorage } from 'node:async_hooks';
import type { MikroORM } from '@mikro-orm/postgresql';

interface Counter {
  statements: number;
}

const storage = new AsyncLocalStorage<Counter>();

/** Runs `fn` with a fresh per-request SQL statement counter. */
export function withSqlCounter<T>(fn: () => T): T {
  return storage.run({ statements: 0 }, fn);
}

/** Statements issued so far by the current request, or null outside one. */
export function sqlStatements(): number | null {
  return storage.getStore()?.statements ?? null;
}

const counted = new WeakSet<object>();

/** Counts every statement knex sends, attributed to the request that caused it (once per ORM, however many servers share it). */
export function installSqlCounter(orm: MikroORM): void {
  const knex = orm.em.getKnex();
  if (counted.has(knex)) return;
  counted.add(knex);
  knex.on('query', () => {
    const c = storage.getStore();
    if (c) c.statements += 1;
  });
}
