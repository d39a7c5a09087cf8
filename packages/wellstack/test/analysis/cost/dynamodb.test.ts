import { describe, expect, it } from 'vitest';
import { expectWithinCent, line, price } from './helpers.ts';

describe('DynamoDB pricer', () => {
  const result = price('serverless', { region: 'us-east-1' });

  it('GIVEN an on-demand table THEN it pays the assumed reads and writes', () => {
    expectWithinCent(line(result, 'Posts', /write request units/).monthly, 0.625);
    expectWithinCent(line(result, 'Posts', /read request units/).monthly, 5 * 0.125);
  });

  it('GIVEN a provisioned table with a GSI THEN table and index capacity are priced by the hour', () => {
    expect(line(result, 'Counters', /WCU/).quantity).toBe(30 * 730);
    expect(line(result, 'Counters', /RCU/).quantity).toBe(30 * 730);
  });

  it('GIVEN both tables THEN they share the storage assumption', () => {
    expect(line(result, 'Posts', /storage/).quantity).toBe(0.5);
  });

  it('GIVEN the credit-based plan THEN 25 WCU and 25 RCU are always free', () => {
    const free = price('serverless', { region: 'us-east-1', freeTier: 'credits' });
    expectWithinCent(line(free, 'Counters', /WCU/).monthly, 5 * 730 * 0.00065);
  });

  it('GIVEN Seoul THEN the unverified figures are marked', () => {
    expect(line(price('serverless'), 'Posts', /write/).source).toMatch(/^unverified/);
  });
});
