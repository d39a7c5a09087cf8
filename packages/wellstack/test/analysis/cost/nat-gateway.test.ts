import { describe, expect, it } from 'vitest';
import { expectWithinCent, line, price } from './helpers.ts';

describe('NAT gateway pricer', () => {
  it('GIVEN a NAT gateway THEN it pays 730 h at 0.059 in Seoul', () => {
    expectWithinCent(line(price('seoul-bill'), 'Nat', /NAT gateway hours/).monthly, 43.07);
  });

  it('GIVEN 100 GB processed THEN it pays 0.059 per GB', () => {
    const item = line(price('seoul-bill', { usage: { natGatewayGb: 100 } }), 'Nat', /data processed/);
    expect(item.quantity).toBe(100);
    expectWithinCent(item.monthly, 5.9);
  });

  it('GIVEN us-east-1 THEN the MCP figure 0.045 applies', () => {
    const item = line(price('seoul-bill', { region: 'us-east-1' }), 'Nat', /NAT gateway hours/);
    expect(item.unitPrice).toBe(0.045);
    expect(item.source).toBe('MCP 2025-10-28');
  });
});
