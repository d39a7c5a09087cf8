import type { Priced, PricingContext } from '../context.ts';

/** Site-to-Site VPN connections by the connection-hour (gateways and customer gateways are free). */
export function priceVpn(ctx: PricingContext): Priced {
  const connections = ctx.ofType('AWS::EC2::VPNConnection');
  if (connections.length === 0) return { charges: [] };
  const hours = ctx.use('hours');
  return {
    charges: connections.map((ref) =>
      ctx.charge(ref, 'Site-to-Site VPN connection hours', hours, ctx.prices.network.vpnConnectionHour),
    ),
  };
}
