import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles from the base up to the cap', () => {
    const top = (attempt: number) => backoffDelay(attempt, { baseMs: 1000, maxMs: 30_000, random: () => 1 });
    expect([0, 1, 2, 3, 4, 5, 6, 50].map(top)).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('jitters between half and all of the step', () => {
    expect(backoffDelay(2, { baseMs: 1000, random: () => 0 })).toBe(2000);
    expect(backoffDelay(2, { baseMs: 1000, random: () => 0.5 })).toBe(3000);
    for (let i = 0; i < 50; i++) {
      const delay = backoffDelay(3);
      expect(delay).toBeGreaterThanOrEqual(4000);
      expect(delay).toBeLessThanOrEqual(8000);
    }
  });
});
