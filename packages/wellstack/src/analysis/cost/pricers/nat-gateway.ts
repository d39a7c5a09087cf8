import type { Charge, Priced, PricingContext } from '../context.ts';
import { share } from '../context.ts';

/**
 * NAT gateways: hours plus data processed; `natGatewayGb` is split evenly over the gateways.
 * The gateway's public address is priced by the public IPv4 pricer (through its Elastic IP).
 */
export function priceNatGateways(ctx: PricingContext): Priced {
  const gateways = ctx.ofType('AWS::EC2::NatGateway');
  if (gateways.length === 0) return { charges: [] };
  const hours = ctx.use('hours');
  const gb = share(ctx.use('natGatewayGb'), gateways.length);
  const network = ctx.prices.network;
  const charges: Charge[] = gateways.flatMap((ref) => [
    ctx.charge(ref, 'NAT gateway hours', hours, network.natGatewayHour),
    ...(gb > 0 ? [ctx.charge(ref, 'NAT gateway data processed', gb, network.natGatewayGb)] : []),
  ]);
  return { charges };
}
