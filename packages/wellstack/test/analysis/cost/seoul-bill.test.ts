import { describe, expect, it } from 'vitest';
import { estimate } from '../../../src/analysis/cost/index.ts';
import { expectWithinCent, fixture, line, price } from './helpers.ts';

// The April 2026 Seoul bill of PRICES.md (BILL): each line's hours given as the usage override.
describe('GIVEN the resources of the real Seoul bill', () => {
  const quiet = { albLcuPerHour: 0, natGatewayGb: 0, dataOutGb: 0 };

  it('WHEN the ALB ran 514 h THEN its hours cost 11.57', () => {
    const result = price('seoul-bill', { usage: { ...quiet, hours: 514 } });
    expectWithinCent(line(result, 'Alb', /application load balancer hours/).monthly, 11.57);
  });

  it('WHEN the NAT gateway ran 611 h THEN its hours cost 36.05', () => {
    const result = price('seoul-bill', { usage: { ...quiet, hours: 611 } });
    expectWithinCent(line(result, 'Nat', /NAT gateway hours/).monthly, 36.05);
  });

  it('WHEN public IPv4 addresses were held 1,416 h THEN they cost 7.08', () => {
    // One Elastic IP for 1,416 hours is the same quantity as the bill's address-hours.
    const stacks = fixture('seoul-bill');
    const result = estimate(stacks, {
      region: 'ap-northeast-2',
      freeTier: 'none',
      pricing: 'on-demand',
      usage: { ...quiet, hours: 1416 },
    });
    expectWithinCent(line(result, 'NatEip', /public IPv4/).monthly, 7.08);
  });

  it('WHEN the db.t4g.micro ran 562 h THEN its hours cost 14.06', () => {
    const result = price('seoul-bill', { usage: { ...quiet, hours: 562 } });
    expectWithinCent(line(result, 'Db', /db\.t4g\.micro postgres instance hours/).monthly, 14.06);
  });

  it('WHEN a whole month is priced THEN the total is the sum of the lines rounded to cents', () => {
    const result = price('seoul-bill');
    const sum = result.lineItems.reduce((s, l) => s + l.monthly, 0);
    expect(result.monthly).toBe(Math.round(sum * 100) / 100);
    expect(result.unpriced).toEqual([]);
  });
});
