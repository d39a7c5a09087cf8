import { describe, expect, it } from 'vitest';
import { expectWithinCent, line, price } from './helpers.ts';

describe('load balancer pricer', () => {
  const result = price('public-ipv4');

  it('GIVEN an application load balancer THEN it pays hours and one LCU on average', () => {
    expectWithinCent(line(result, 'Web', /application load balancer hours/).monthly, 730 * 0.0225);
    expectWithinCent(line(result, 'Web', /capacity units/).monthly, 730 * 0.008);
  });

  it('GIVEN the LCU assumption is raised to 3 THEN three times the LCU-hours are priced', () => {
    const busy = price('public-ipv4', { usage: { albLcuPerHour: 3 } });
    expect(line(busy, 'Web', /capacity units/).quantity).toBe(3 * 730);
  });

  it('GIVEN a network load balancer THEN it pays hours and NLCUs', () => {
    expectWithinCent(line(result, 'Tcp', /network load balancer hours/).monthly, 730 * 0.0225);
    expectWithinCent(line(result, 'Tcp', /NLCU/).monthly, 730 * 0.006);
  });

  it('GIVEN a classic load balancer THEN it is unpriced, not zero', () => {
    expect(price('misc').unpriced).toContainEqual(
      expect.objectContaining({ resource: 'Classic', type: 'AWS::ElasticLoadBalancing::LoadBalancer' }),
    );
  });
});
