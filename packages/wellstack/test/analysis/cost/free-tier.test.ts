import { describe, expect, it } from 'vitest';
import { expectWithinCent, line, linesOf, price } from './helpers.ts';

const ec2Hours = (resource: string, result: ReturnType<typeof price>) =>
  linesOf(result, resource).filter((l) => /instance hours/.test(l.description));

describe('free tier', () => {
  describe('GIVEN two t2.micro instances (1,460 h) under the legacy free tier', () => {
    const result = price('free-tier', { freeTier: 'legacy' });

    it('THEN the 750 h pool is spent across both: 710 h are billed', () => {
      const lines = [...ec2Hours('First', result), ...ec2Hours('Second', result)];
      expect(lines.reduce((s, l) => s + l.quantity, 0)).toBe(1460);
      expectWithinCent(
        lines.reduce((s, l) => s + l.monthly, 0),
        (1460 - 750) * 0.0144,
      );
    });

    it('THEN the first instance is covered whole and the second for the 20 h left', () => {
      expect(line(result, 'First', /instance hours/).monthly).toBe(0);
      expect(line(result, 'Second', /instance hours/).description).toContain(
        'free tier covers 20 of 750 hour',
      );
    });

    it('THEN the line cites the free-tier source', () => {
      expect(line(result, 'First', /instance hours/).source).toContain('free tier FT 2026-11-22');
    });
  });

  describe('GIVEN the same instances without free tier', () => {
    it('THEN all 1,460 h are billed', () => {
      const result = price('free-tier');
      expectWithinCent(
        line(result, 'First', /instance hours/).monthly + line(result, 'Second', /instance hours/).monthly,
        1460 * 0.0144,
      );
    });
  });

  describe('GIVEN the credit-based plan', () => {
    const result = price('free-tier', { freeTier: 'credits' });

    it('THEN 12-month offers such as EC2 hours do not apply', () => {
      expect(line(result, 'First', /instance hours/).monthly).toBeGreaterThan(0);
    });

    it('THEN the estimate says how many months USD 100–200 of credits cover, at most 12', () => {
      expect(result.credits).toMatchObject({ minimumUsd: 100, maximumUsd: 200 });
      expect(result.credits?.monthsMinimum).toBe(Math.min(12, Math.floor((100 / result.monthly) * 10) / 10));
      expect(result.credits?.monthsMaximum).toBeLessThanOrEqual(12);
    });
  });

  describe('GIVEN an ALB under the legacy free tier', () => {
    const result = price('seoul-bill', { freeTier: 'legacy' });

    it('THEN its 730 h fall within the 750 h', () => {
      expect(line(result, 'Alb', /application load balancer hours/).monthly).toBe(0);
    });

    it('THEN 15 LCU-hours are free', () => {
      expectWithinCent(line(result, 'Alb', /capacity units/).monthly, (730 - 15) * 0.008);
    });
  });

  it('GIVEN spot instances of the eligible type THEN they draw nothing from the pool', () => {
    const result = price('free-tier', { freeTier: 'legacy', pricing: 'spot' });
    expect(line(result, 'First', /spot instance hours/).monthly).toBeGreaterThan(0);
  });

  it('GIVEN no free tier THEN no credits coverage is reported', () => {
    expect(price('free-tier').credits).toBeUndefined();
  });
});
