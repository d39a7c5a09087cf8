import { describe, expect, it } from 'vitest';
import { expectWithinCent, line, price } from './helpers.ts';

describe('Route 53 pricer', () => {
  const result = price('edge');

  it('GIVEN a hosted zone THEN it pays 0.50 a month and the queries', () => {
    expect(line(result, 'Zone', /hosted zone/).monthly).toBe(0.5);
    expectWithinCent(line(result, 'Zone', /queries/).monthly, 0.4);
  });

  it('GIVEN a health check on an AWS endpoint THEN it is within the first 50 free', () => {
    const item = line(result, 'AlbCheck', /AWS endpoint/);
    expect(item.monthly).toBe(0);
    expect(item.description).toContain('first 50');
  });

  it('GIVEN a health check on a home server with HTTPS, string matching and a fast interval THEN non-AWS rates apply', () => {
    expect(line(result, 'HomeCheck', /non-AWS endpoint/).monthly).toBe(0.75);
    const features = line(result, 'HomeCheck', /optional features/);
    expect(features.quantity).toBe(3);
    expect(features.monthly).toBe(6);
  });

  it('GIVEN record sets THEN they are free, their queries priced under the zone', () => {
    expect(result.free).toContainEqual(
      expect.objectContaining({ resource: 'Apex', type: 'AWS::Route53::RecordSet' }),
    );
  });
});
