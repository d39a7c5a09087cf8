import { describe, expect, it } from 'vitest';
import { estimate } from '../../../src/analysis/cost/index.ts';
import { line, price } from './helpers.ts';

describe('commitments', () => {
  describe('GIVEN savings-1y', () => {
    const result = price('databases', { pricing: 'savings-1y' });
    const compute = price('compute', { pricing: 'savings-1y' });

    it('THEN EC2 on-demand hours are 35% off, citing PL', () => {
      const item = line(compute, 'AppGroup', /on-demand instance hours/);
      expect(item.unitPrice).toBeCloseTo(0.0208 * 0.65, 10);
      expect(item.source).toBe('PL 2026-10-01; savings-1y -35% PL 2026-10-01');
    });

    it('THEN ElastiCache nodes are 31% off, citing V3', () => {
      const item = line(result, 'Single', /node hours/);
      expect(item.unitPrice).toBeCloseTo(0.024 * 0.69, 10);
      expect(item.source).toContain('savings-1y -31% V3 2022-02');
    });

    it('THEN RDS stays on demand and the line says no sourced discount exists', () => {
      const item = line(result, 'Pg', /instance hours/);
      expect(item.unitPrice).toBeCloseTo(0.102, 10);
      expect(item.source).toContain('no sourced RDS discount');
    });

    it('THEN spot instances keep their spot price', () => {
      expect(line(compute, 'Bastion', /spot/).unitPrice).toBe(0.00172);
    });

    it('THEN in us-east-1 the EC2 discount is marked unverified', () => {
      const east = price('compute', { pricing: 'savings-1y', region: 'us-east-1' });
      expect(line(east, 'AppGroup', /on-demand/).source).toContain('savings-1y -35% unverified');
    });
  });

  describe('GIVEN spot', () => {
    it('THEN every EC2 instance is priced at its spot average', () => {
      expect(line(price('compute', { pricing: 'spot' }), 'NatInstance', /spot/).unitPrice).toBe(0.00172);
    });

    it('THEN a type without a spot figure keeps its on-demand price and says why', () => {
      const template = {
        Resources: { Box: { Type: 'AWS::EC2::Instance', Properties: { InstanceType: 't3.medium' } } },
      };
      const stacks = [{ name: 'S', template }];
      const box = line(
        estimate(stacks, { region: 'ap-northeast-2', freeTier: 'none', pricing: 'spot' }),
        'Box',
        /spot/,
      );
      expect(box.unitPrice).toBe(0.052);
      expect(box.source).toContain('no spot price in the table');
    });
  });
});
