import { describe, expect, it } from 'vitest';
import { expectWithinCent, line, price } from './helpers.ts';

describe('ElastiCache pricer', () => {
  const result = price('databases');

  it('GIVEN a cache cluster of one micro node THEN it pays 730 node-hours', () => {
    expectWithinCent(line(result, 'Single', /cache\.t4g\.micro node hours/).monthly, 730 * 0.024);
  });

  it('GIVEN 2 shards with 1 replica each THEN 4 nodes are priced', () => {
    expect(line(result, 'Sharded', /node hours/).quantity).toBe(4 * 730);
  });

  it('GIVEN NumCacheClusters 2 THEN 2 nodes are priced', () => {
    expect(line(result, 'Replicated', /node hours/).quantity).toBe(2 * 730);
  });

  it('GIVEN a node type missing from the table THEN it is unpriced', () => {
    expect(result.unpriced).toContainEqual(
      expect.objectContaining({ resource: 'Large', reason: expect.stringContaining('cache.r7g.16xlarge') }),
    );
  });

  it('GIVEN the legacy free tier THEN 750 micro node-hours are pooled over both micro resources', () => {
    const free = price('databases', { freeTier: 'legacy' });
    expect(line(free, 'Single', /node hours/).monthly).toBe(0);
    expectWithinCent(line(free, 'Replicated', /node hours/).monthly, (1460 - 20) * 0.024);
    expect(line(free, 'Replicated', /node hours/).source).toContain('free tier unverified');
  });
});
