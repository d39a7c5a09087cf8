import { describe, expect, it } from 'vitest';
import { estimate, priceTable, roundTo } from '../../../src/analysis/cost/index.ts';
import { fixture, price } from './helpers.ts';

describe('estimate', () => {
  it('GIVEN a region without a price table THEN it fails naming the supported regions', () => {
    expect(() => estimate([], { region: 'eu-west-1', freeTier: 'none', pricing: 'on-demand' })).toThrow(
      /no price table for region "eu-west-1": supported regions are ap-northeast-2, us-east-1/,
    );
  });

  it('GIVEN an own price table THEN any region name is accepted and the table is used', () => {
    const prices = { ...priceTable('us-east-1'), region: 'eu-west-1' };
    const result = estimate(fixture('seoul-bill'), {
      region: 'eu-west-1',
      prices,
      freeTier: 'none',
      pricing: 'on-demand',
    });
    expect(result.assumptions.region).toBe('eu-west-1');
    expect(result.lineItems.find((l) => l.resource === 'Nat')?.unitPrice).toBe(0.045);
  });

  describe('GIVEN types no pricer knows', () => {
    const result = price('misc');

    it('THEN they are listed unpriced with the reason, never as zero lines', () => {
      expect(result.unpriced).toEqual(
        expect.arrayContaining([
          {
            resource: 'Flow',
            type: 'AWS::StepFunctions::StateMachine',
            reason: 'no pricer for AWS::StepFunctions::StateMachine',
          },
        ]),
      );
      expect(result.lineItems.some((l) => l.resource === 'Flow')).toBe(false);
    });
  });

  describe('GIVEN types that cost nothing', () => {
    const result = price('misc');

    it('THEN each is listed free with its reason', () => {
      const reasons = Object.fromEntries(result.free.map((f) => [f.resource, f.reason]));
      expect(reasons.Vpc).toBe('VPCs have no charge');
      expect(reasons.Role).toBe('IAM has no charge');
      expect(reasons.CDKMetadata).toContain('not a deployed resource');
      expect(reasons.Cleanup).toContain('custom resources have no charge');
    });

    it('THEN every resource is accounted for once: priced, free or unpriced', () => {
      const accounted = new Set([
        ...result.lineItems.map((l) => l.resource),
        ...result.free.map((f) => f.resource),
        ...result.unpriced.map((u) => u.resource),
      ]);
      expect([...accounted].sort()).toEqual(Object.keys(fixture('misc')[0]!.template.Resources!).sort());
    });
  });

  describe('GIVEN the assumptions', () => {
    it('THEN only the usage keys the pricers read are listed, with their values', () => {
      const result = price('seoul-bill', { usage: { hours: 700 } });
      expect(result.assumptions).toMatchObject({
        region: 'ap-northeast-2',
        hours: 700,
        dataOutGb: 20,
        albLcuPerHour: 1,
      });
      expect(result.assumptions).not.toHaveProperty('cloudfrontGb');
    });
  });

  describe('GIVEN money arithmetic', () => {
    it('THEN lines carry 4 decimals and the total 2', () => {
      const result = price('serverless');
      for (const item of result.lineItems) expect(item.monthly).toBe(roundTo(item.monthly, 4));
      expect(result.monthly).toBe(roundTo(result.monthly, 2));
    });

    it('THEN a half cent rounds up despite binary noise (514 × 0.0225 = 11.565 → 11.57)', () => {
      expect(roundTo(514 * 0.0225, 2)).toBe(11.57);
      expect(roundTo(1.005, 2)).toBe(1.01);
    });
  });

  it('GIVEN two stacks with the same logical id THEN lines name the stack too', () => {
    const stack = fixture('seoul-bill')[0]!;
    const result = estimate([stack, { ...stack, name: 'Other' }], {
      region: 'ap-northeast-2',
      freeTier: 'none',
      pricing: 'on-demand',
    });
    expect(result.lineItems.map((l) => l.resource)).toEqual(
      expect.arrayContaining(['seoul-bill/Nat', 'Other/Nat']),
    );
  });
});
