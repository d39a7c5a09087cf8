import { describe, expect, it } from 'vitest';
import { expectWithinCent, line, linesOf, price } from './helpers.ts';

describe('EBS pricer', () => {
  it('GIVEN a launch template mapping a 20 GiB gp3 root WHEN its group runs 2 instances THEN 40 GB-month are priced', () => {
    const item = line(price('compute'), 'AppGroup', /EBS gp3 20 GiB/);
    expect(item.quantity).toBe(40);
    expectWithinCent(item.monthly, 40 * 0.0912);
  });

  it('GIVEN an instance without block device mappings THEN an 8 GiB gp3 root is assumed and recorded', () => {
    const result = price('compute');
    const item = line(result, 'NatInstance', /EBS gp3 8 GiB/);
    expect(item.description).toContain('AMI default assumed');
    expect(result.assumptions.ebsRootVolume).toBe('8 GiB gp3 when unmapped');
  });

  it('GIVEN two 20 GiB gp2 roots WHEN the legacy free tier applies THEN 30 of the 40 GB are free', () => {
    const result = price('free-tier', { freeTier: 'legacy' });
    const ebs = [...linesOf(result, 'First'), ...linesOf(result, 'Second')].filter((l) =>
      l.description.startsWith('EBS'),
    );
    expectWithinCent(
      ebs.reduce((s, l) => s + l.monthly, 0),
      10 * 0.114,
    );
  });
});
