import { describe, expect, it } from 'vitest';
import { expectWithinCent, line, price } from './helpers.ts';

describe('VPC endpoint pricer', () => {
  const result = price('operations');

  it('GIVEN an interface endpoint in two subnets THEN it pays hours in each AZ and data processed', () => {
    const hours = line(result, 'SsmEndpoint', /endpoint hours/);
    expect(hours.quantity).toBe(2 * 730);
    expectWithinCent(hours.monthly, 18.98);
    expect(line(result, 'SsmEndpoint', /data processed/).quantity).toBe(1);
  });

  it('GIVEN a gateway endpoint THEN it is free with the reason', () => {
    expect(result.free).toContainEqual(
      expect.objectContaining({
        resource: 'S3Endpoint',
        reason: expect.stringContaining('gateway endpoints'),
      }),
    );
  });
});
