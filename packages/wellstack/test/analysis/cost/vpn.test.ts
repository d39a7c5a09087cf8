import { describe, expect, it } from 'vitest';
import { line, price } from './helpers.ts';

describe('VPN pricer', () => {
  it('GIVEN a Site-to-Site VPN in Seoul THEN it pays 730 connection-hours at an unverified price', () => {
    const item = line(price('operations'), 'Vpn', /VPN connection hours/);
    expect(item.monthly).toBe(36.5);
    expect(item.source).toMatch(/^unverified/);
  });

  it('GIVEN us-east-1 THEN the MCP figure is cited', () => {
    expect(line(price('operations', { region: 'us-east-1' }), 'Vpn', /VPN/).source).toBe('MCP 2025-10-28');
  });

  it('GIVEN the virtual private and customer gateways THEN both are free', () => {
    const free = price('operations').free.map((f) => f.resource);
    expect(free).toEqual(expect.arrayContaining(['Vgw', 'Home']));
  });
});
