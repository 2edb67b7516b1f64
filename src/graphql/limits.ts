/**
 * The query limits of /graphql, in one place: the server configures graphql-armor and Apollo from
 * these, the README states them, and test/protection.test.ts checks the README against them.
 */
export const QUERY_LIMITS = {
  maxDepth: 12,
  /** Every alias counts, `__typename` included (armor's default allow-list exempts it). */
  maxAliases: 15,
  /**
   * graphql-armor's cost: 1 per scalar, 2 per object, ×1.5 per nesting level, and a list costs its
   * literal `first` times its subtree. 20 calls × 10 applications with organisation, reviews, award
   * and tranches (the bench's nested read, a real dashboard) costs about 59,000.
   */
  maxCost: 75_000,
  maxTokens: 4_000,
  maxDirectives: 30,
} as const;
