import { describe, expect, it } from 'vitest';
import { DEFAULT_USAGE, usageKeys } from '../../../src/analysis/cost/index.ts';

describe('usage', () => {
  it('GIVEN the defaults THEN a month is 730 hours', () => {
    expect(DEFAULT_USAGE.hours).toBe(730);
  });

  it('GIVEN the key table THEN every key has a meaning, a unit and the default DEFAULT_USAGE holds', () => {
    for (const [key, info] of Object.entries(usageKeys)) {
      expect(info.meaning, key).toBeTruthy();
      expect(info.unit, key).toBeTruthy();
      expect(DEFAULT_USAGE[key as keyof typeof DEFAULT_USAGE]).toBe(info.default);
    }
    expect(Object.keys(DEFAULT_USAGE).sort()).toEqual(Object.keys(usageKeys).sort());
  });
});
