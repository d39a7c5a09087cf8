import { describe, expect, it } from 'vitest';
import { line, price } from './helpers.ts';

// Templates of `wellstack plan --preset <p>` as synthesized on 2026-11-22 (stacks merged, metadata dropped).
describe.each(['free-tier', 'startup', 'multi-service', 'ha'])('GIVEN the %s preset templates', (preset) => {
  const result = price(`presets/${preset}`);

  it('THEN every resource is priced or listed free: nothing is unpriced', () => {
    expect(result.unpriced).toEqual([]);
  });

  it('THEN every line cites a source', () => {
    for (const item of result.lineItems)
      expect(item.source, item.description).toMatch(/^(\w+ \d{4}|unverified \()/);
  });
});

describe('GIVEN the presets side by side in Seoul, on demand, without free tier', () => {
  const totals = Object.fromEntries(
    ['free-tier', 'startup', 'multi-service', 'ha'].map((p) => [p, price(`presets/${p}`).monthly]),
  );

  it('THEN they grow from free-tier to startup to multi-service to ha', () => {
    expect(totals['free-tier']).toBeLessThan(totals.startup!);
    expect(totals.startup).toBeLessThan(totals['multi-service']!);
    expect(totals['multi-service']).toBeLessThan(totals.ha!);
  });

  it('THEN the free-tier preset costs almost nothing under the legacy free tier', () => {
    expect(price('presets/free-tier', { freeTier: 'legacy' }).monthly).toBeLessThan(2);
  });

  it('THEN the ha preset pays a NAT gateway per AZ and a Multi-AZ database', () => {
    const result = price('presets/ha');
    expect(result.lineItems.filter((l) => l.description === 'NAT gateway hours')).toHaveLength(2);
    expect(line(result, 'AppDatabaseInstanceE00CB963', /Multi-AZ instance hours/).monthly).toBeGreaterThan(
      70,
    );
  });

  it('THEN the startup preset runs a NAT instance with its public address instead of a NAT gateway', () => {
    const result = price('presets/startup');
    expect(result.lineItems.some((l) => l.type === 'AWS::EC2::NatGateway')).toBe(false);
    expect(result.lineItems.some((l) => /public IPv4 address per NAT instance/.test(l.description))).toBe(
      true,
    );
  });
});
