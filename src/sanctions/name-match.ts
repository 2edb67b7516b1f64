import jaroWinkler from 'talisman/metrics/jaro-winkler';
import { transliterate } from 'transliteration';

/**
 * Fuzzy comparison of names against the sanctions list. A name is compared as tokens, so word
 * order does not matter ("SIDOROV Ivan" = "Ivan SIDOROV"); each token of the shorter name is paired
 * with its most similar token of the longer one (Jaro-Winkler, talisman); names in another script
 * are compared both transliterated to Latin (transliteration) and in their own script, against the
 * list's NAME_ORIGINAL_SCRIPT.
 */

/** Words that carry no identity; dropped before comparing. */
const STOP_WORDS = new Set(['THE', 'OF', 'AND', 'FOR', 'A', 'AN']);

export interface PreparedName {
  latin: string[];
  /** Tokens in the original script, when the name is not in Latin script. */
  native: string[] | null;
}

const NON_LATIN = /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u;

function latinTokens(name: string): string[] {
  return transliterate(name)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .split(' ')
    .filter((t) => t.length > 0 && !STOP_WORDS.has(t));
}

function nativeTokens(name: string): string[] {
  return (
    name
      .normalize('NFKC')
      // Arabic short vowels and tatweel are optional in writing.
      .replace(/[\u064B-\u065F\u0670\u0640]/g, '')
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((t) => t.length > 0)
  );
}

export function prepareName(name: string): PreparedName {
  return { latin: latinTokens(name), native: NON_LATIN.test(name) ? nativeTokens(name) : null };
}

/**
 * Words common to many names (legal forms, "relief", name particles) weigh a quarter of a word, so
 * "Relief Foundation" does not match every relief foundation on the list.
 */
const GENERIC = new Set([
  ...['FOUNDATION', 'RELIEF', 'TRUST', 'ORGANISATION', 'ORGANIZATION', 'ASSOCIATION', 'SOCIETY', 'FUND'],
  ...['NETWORK', 'INTERNATIONAL', 'CHARITY', 'CHARITABLE', 'HUMANITARIAN', 'COMPANY', 'CO', 'LTD', 'LIMITED'],
  ...['LLC', 'INC', 'CORPORATION', 'CORP', 'GROUP', 'TRADING', 'NGO', 'CENTRE', 'CENTER', 'COMMITTEE'],
  ...['AL', 'EL', 'BIN', 'BEN', 'IBN', 'BINT', 'DE', 'DA', 'DEL', 'VAN', 'VON'],
]);
const weight = (t: string) => (GENERIC.has(t) ? 0.25 : 1);
const total = (ts: string[]) => ts.reduce((a, t) => a + weight(t), 0);

/** Similarity of two token lists, from 0 to 1. */
export function tokenScore(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const free = [...long];
  let paired = 0;
  let dice = 0;
  for (const t of [...short].sort((x, y) => weight(y) - weight(x) || y.length - x.length)) {
    let best = 0;
    let at = -1;
    free.forEach((u, i) => {
      const s = t === u ? 1 : jaroWinkler(t, u);
      if (s > best) {
        best = s;
        at = i;
      }
    });
    paired += weight(t) * best;
    if (at >= 0) {
      dice += best * (weight(t) + weight(free[at] ?? t));
      free.splice(at, 1);
    }
  }
  // A name of two or more distinctive words found whole inside a longer one (a patronymic left
  // out) still counts, a little less; otherwise both names must agree as a whole (weighted Dice).
  if (short.filter((t) => weight(t) === 1).length >= 2) {
    return (paired / total(short)) * (0.9 + (0.1 * total(short)) / total(long));
  }
  return dice / (total(short) + total(long));
}

export function nameScore(a: PreparedName, b: PreparedName): number {
  const latin = tokenScore(a.latin, b.latin);
  const native = a.native && b.native ? tokenScore(a.native, b.native) : 0;
  return Math.max(latin, native);
}
