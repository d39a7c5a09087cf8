import { describe, expect, it } from 'vitest';
import { expectWithinCent, line, linesOf, price } from './helpers.ts';

describe('S3 pricer', () => {
  const result = price('edge');

  it('GIVEN two buckets THEN storage and PUT requests are split evenly', () => {
    expect(line(result, 'Site', /Standard storage/).quantity).toBe(2.5);
    expect(line(result, 'Logs', /Standard storage/).quantity).toBe(2.5);
    expectWithinCent(line(result, 'Logs', /PUT/).monthly, 5 * 0.0045);
  });

  it('GIVEN one bucket is a CloudFront origin THEN it takes all GET requests', () => {
    expect(line(result, 'Site', /GET/).quantity).toBe(100);
    expect(linesOf(result, 'Logs').some((l) => /GET/.test(l.description))).toBe(false);
  });

  it('GIVEN the legacy free tier THEN 5 GB, 2k PUT and 20k GET are free', () => {
    const free = price('edge', { freeTier: 'legacy' });
    expect(line(free, 'Site', /Standard storage/).monthly).toBe(0);
    expect(line(free, 'Logs', /Standard storage/).monthly).toBe(0);
    expectWithinCent(line(free, 'Site', /GET/).monthly, 80 * 0.00035);
  });
});
