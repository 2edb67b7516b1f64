import type { Context } from '../graphql/context';
import { unspentFactsOf, type UnspentFacts } from './unspent';

export type { UnspentFacts };

/** Per-request loader of the unspent-funds facts: a list of awards costs three statements. */
export const unspentFacts = (ctx: Context) =>
  ctx.loaders.named<string, UnspentFacts>('award.unspentFunds', (ids) => unspentFactsOf(ctx.em, ids));
