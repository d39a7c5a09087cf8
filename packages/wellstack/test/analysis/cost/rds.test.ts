import { describe, expect, it } from 'vitest';
import { expectWithinCent, line, linesOf, price } from './helpers.ts';

describe('RDS pricer', () => {
  const result = price('databases');

  it('GIVEN a Multi-AZ class without a Multi-AZ figure THEN the instance costs twice single-AZ', () => {
    const item = line(result, 'Pg', /db\.t4g\.small postgres Multi-AZ instance hours/);
    expect(item.unitPrice).toBeCloseTo(2 * 0.051, 10);
    expect(item.description).toContain('2 × single-AZ');
  });

  it('GIVEN Multi-AZ THEN the allocated storage is doubled', () => {
    const item = line(result, 'Pg', /storage/);
    expect(item.quantity).toBe(100);
    expectWithinCent(item.monthly, 13.1);
  });

  it('GIVEN MultiAZ as the string "true" and MySQL THEN it is read as Multi-AZ at MySQL prices', () => {
    expectWithinCent(line(result, 'My', /db\.t3\.micro mysql Multi-AZ/).monthly, 2 * 0.026 * 730);
  });

  it('GIVEN a table with a Multi-AZ figure (us-east-1 db.t4g.small) THEN that figure is used', () => {
    const east = price('databases', { region: 'us-east-1' });
    expect(line(east, 'Pg', /instance hours/).unitPrice).toBe(0.064);
  });

  it('GIVEN an Aurora writer THEN it pays instance hours and its cluster pays storage and I/O, marked unverified', () => {
    expect(line(result, 'Writer', /db\.t4g\.medium aurora-postgresql/).source).toMatch(
      /^unverified \(estimate/,
    );
    expect(linesOf(result, 'Writer').some((l) => /storage/.test(l.description))).toBe(false);
    expect(line(result, 'Cluster', /Aurora storage/).quantity).toBe(10);
    expect(line(result, 'Cluster', /I\/O/).quantity).toBe(1);
  });

  it('GIVEN an engine without prices THEN the instance is unpriced with the engine named', () => {
    expect(result.unpriced).toContainEqual(
      expect.objectContaining({ resource: 'Oracle', reason: expect.stringContaining('oracle-se2') }),
    );
  });

  it('GIVEN the legacy free tier THEN a single-AZ micro runs free and 20 of its 30 GB are free', () => {
    const free = price('free-tier', { freeTier: 'legacy' });
    expect(line(free, 'Db', /instance hours/).monthly).toBe(0);
    expectWithinCent(line(free, 'Db', /storage/).monthly, 10 * 0.131);
  });

  it('GIVEN the legacy free tier THEN a Multi-AZ instance draws nothing from it', () => {
    expect(line(price('databases', { freeTier: 'legacy' }), 'My', /instance hours/).monthly).toBeGreaterThan(
      0,
    );
  });
});
