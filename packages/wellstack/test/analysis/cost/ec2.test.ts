import { describe, expect, it } from 'vitest';
import { estimate } from '../../../src/analysis/cost/index.ts';
import { expectWithinCent, line, linesOf, price } from './helpers.ts';

describe('EC2 pricer', () => {
  describe('GIVEN an Auto Scaling group whose desired capacity is a parameter defaulting to 2', () => {
    it('WHEN priced on demand THEN it pays 2 × 730 h of t4g.small', () => {
      const item = line(price('compute'), 'AppGroup', /t4g\.small on-demand instance hours/);
      expect(item.quantity).toBe(1460);
      expect(item.unitPrice).toBe(0.0208);
      expectWithinCent(item.monthly, 30.37);
      expect(item.source).toBe('PL 2026-10-01');
    });

    it('WHEN priced under the spot model THEN every instance is at the spot average', () => {
      const item = line(price('compute', { pricing: 'spot' }), 'AppGroup', /t4g\.small spot instance hours/);
      expect(item.unitPrice).toBe(0.00686);
      expect(item.source).toContain('(spot average)');
    });
  });

  describe('GIVEN a group with only MinSize through a launch configuration', () => {
    it('WHEN priced THEN it pays MinSize instances of the configuration type', () => {
      const item = line(price('mixed-instances'), 'MinOnly', /t3\.micro on-demand/);
      expect(item.quantity).toBe(3 * 730);
      expect(item.description).toContain('min size 3');
    });
  });

  describe('GIVEN a MixedInstancesPolicy: desired 4, base 1 on demand, 50% on demand above it', () => {
    const result = price('mixed-instances');

    it('THEN 3 instances (1 + ⌈1.5⌉) are on demand at the first override type', () => {
      expect(line(result, 'Mixed', /t4g\.small on-demand/).quantity).toBe(3 * 730);
    });

    it('THEN the remaining instance is priced at spot', () => {
      const spot = line(result, 'Mixed', /t4g\.small spot/);
      expect(spot.quantity).toBe(730);
      expectWithinCent(spot.monthly, 730 * 0.00686);
    });
  });

  describe('GIVEN standalone instances', () => {
    const result = price('compute');

    it('THEN a NAT instance pays its on-demand hours', () => {
      expectWithinCent(line(result, 'NatInstance', /t4g\.nano on-demand/).monthly, 3.8);
    });

    it('THEN an instance whose launch template, referenced by name, asks for the spot market pays spot', () => {
      expect(line(result, 'Bastion', /t4g\.nano spot/).unitPrice).toBe(0.00172);
    });
  });

  describe('GIVEN an instance type missing from the price table', () => {
    it('THEN the instance is listed unpriced with the type in the reason', () => {
      const result = estimate(
        [
          {
            name: 'S',
            template: {
              Resources: {
                Big: { Type: 'AWS::EC2::Instance', Properties: { InstanceType: 'x2iedn.32xlarge' } },
              },
            },
          },
        ],
        { region: 'ap-northeast-2', freeTier: 'none', pricing: 'on-demand' },
      );
      expect(result.unpriced).toEqual([
        expect.objectContaining({ resource: 'Big', reason: expect.stringContaining('x2iedn.32xlarge') }),
      ]);
      expect(linesOf(result, 'Big').filter((l) => /instance hours/.test(l.description))).toEqual([]);
    });
  });
});
