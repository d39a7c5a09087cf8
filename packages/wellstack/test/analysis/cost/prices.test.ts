import { describe, expect, it } from 'vitest';
import { type PriceTable, priceTable, SUPPORTED_REGIONS } from '../../../src/analysis/cost/index.ts';

/** Every `{ price | discount | amount, source, date }` object of a table with its path. */
function figures(value: unknown, path = ''): [string, Record<string, unknown>][] {
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  if ('source' in record && ('price' in record || 'discount' in record || 'amount' in record))
    return [[path, record]];
  return Object.entries(record).flatMap(([k, v]) => (k === 'sources' ? [] : figures(v, `${path}.${k}`)));
}

/** The paths of a table's figures, so both tables can be compared for shape (Multi-AZ figures are optional). */
const shape = (table: PriceTable) =>
  figures(table)
    .map(([path]) => path)
    .filter((path) => !path.endsWith('.multiAz'));

describe.each(SUPPORTED_REGIONS)('price table %s', (region) => {
  const table = priceTable(region);

  it('THEN every figure has a non-negative value, a date and a source the table defines', () => {
    for (const [path, figure] of figures(table)) {
      const value = figure.price ?? figure.discount ?? figure.amount;
      expect(typeof value, path).toBe('number');
      expect(value as number, path).toBeGreaterThanOrEqual(0);
      expect(figure.date, path).toMatch(/^\d{4}(-\d{2}){0,2}$/);
      expect(Object.keys(table.sources), path).toContain(figure.source);
    }
  });

  it('THEN prices carry their unit', () => {
    for (const [path, figure] of figures(table))
      if ('price' in figure) expect(figure.unit, path).toBeTruthy();
  });

  it('THEN it covers the same figures as the other region', () => {
    const other = priceTable(SUPPORTED_REGIONS.find((r) => r !== region)!);
    expect(shape(table)).toEqual(shape(other));
  });
});

describe('Seoul figures quoted in PRICES.md', () => {
  const seoul = priceTable('ap-northeast-2');

  it('THEN NAT gateway, ALB and public IPv4 match the bill', () => {
    expect(seoul.network.natGatewayHour.price).toBe(0.059);
    expect(seoul.network.albHour.price).toBe(0.0225);
    expect(seoul.network.publicIpv4Hour.price).toBe(0.005);
  });

  it('THEN t4g.xlarge costs 16 × t4g.micro', () => {
    expect(seoul.ec2['t4g.xlarge']!.onDemand.price / seoul.ec2['t4g.micro']!.onDemand.price).toBeCloseTo(
      16,
      6,
    );
  });
});
