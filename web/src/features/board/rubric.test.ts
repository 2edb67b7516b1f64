import { describe, expect, it } from 'vitest';
import { weightedTotal } from './rubric';

const RUBRIC = [
  { key: 'relevance', weight: 60 },
  { key: 'capacity', weight: 40 },
];

describe('weightedTotal', () => {
  it('weighs each score by its criterion', () => {
    expect(weightedTotal(RUBRIC, { relevance: 8, capacity: 7 })).toBe(7.6);
    expect(weightedTotal(RUBRIC, { relevance: 10, capacity: 0 })).toBe(6);
  });

  it('waits for every criterion', () => {
    expect(weightedTotal(RUBRIC, { relevance: 8, capacity: '' })).toBeNull();
    expect(weightedTotal(RUBRIC, { relevance: 8 })).toBeNull();
  });
});
