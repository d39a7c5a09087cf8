import { describe, expect, it } from 'vitest';
import { expectWithinCent, line, price } from './helpers.ts';

describe('CloudFront pricer', () => {
  it('GIVEN no free tier THEN 50 GB out and 1M requests are priced at Korea rates', () => {
    const result = price('edge');
    expectWithinCent(line(result, 'Cdn', /data out/).monthly, 6);
    expectWithinCent(line(result, 'Cdn', /requests/).monthly, 0.9);
  });

  it('GIVEN a CloudFront Function THEN it is invoked once per viewer request, at an unverified price', () => {
    const item = line(price('edge'), 'Rewrite', /Functions invocations/);
    expect(item.quantity).toBe(1);
    expect(item.source).toMatch(/^unverified/);
  });

  it('GIVEN the credit-based plan THEN the always-free 1 TB and 10M requests apply', () => {
    const result = price('edge', { freeTier: 'credits', usage: { cloudfrontGb: 1500 } });
    expectWithinCent(line(result, 'Cdn', /data out/).monthly, 500 * 0.12);
    expect(line(result, 'Cdn', /requests/).monthly).toBe(0);
    expect(line(result, 'Rewrite', /Functions/).monthly).toBe(0);
  });
});
