import { describe, expect, it } from 'vitest';
import { expectWithinCent, line, price } from './helpers.ts';

describe('Lambda pricer', () => {
  const result = price('serverless');

  it('GIVEN an arm64 function of 512 MB THEN 1M × 100 ms is priced at the arm64 rate', () => {
    expectWithinCent(line(result, 'Api', /^requests/).monthly, 0.2);
    const compute = line(result, 'Api', /compute/);
    expect(compute.quantity).toBe(50_000);
    expect(compute.unitPrice).toBe(0.0000133334);
  });

  it('GIVEN a custom resource and its provider framework THEN both handler functions are free', () => {
    const free = result.free.filter((f) => f.type === 'AWS::Lambda::Function').map((f) => f.resource);
    expect(free.sort()).toEqual(['Framework', 'ProviderHandler']);
  });

  it('GIVEN the credit-based plan THEN 1M requests and 400k GB-seconds are always free', () => {
    const free = price('serverless', { freeTier: 'credits' });
    expect(line(free, 'Api', /^requests/).monthly).toBe(0);
    expect(line(free, 'Api', /compute/).monthly).toBe(0);
  });
});
