import type { Charge, FreeMark, Priced, PricingContext } from '../context.ts';
import { subnetCount } from '../subnets.ts';

/**
 * VPC endpoints: interface endpoints by the hour in each subnet (AZ) they span plus
 * `interfaceEndpointGb` each; gateway endpoints (S3, DynamoDB) are free.
 */
export function priceVpcEndpoints(ctx: PricingContext): Priced {
  const charges: Charge[] = [];
  const free: FreeMark[] = [];
  const network = ctx.prices.network;
  for (const ref of ctx.ofType('AWS::EC2::VPCEndpoint')) {
    const type = ctx.string(ref, 'VpcEndpointType') ?? 'Gateway';
    if (type === 'Gateway') {
      free.push({ ref, reason: 'gateway endpoints (S3, DynamoDB) have no hourly or data charge' });
      continue;
    }
    const azs = subnetCount(ctx, ref, ['SubnetIds']);
    const gb = ctx.use('interfaceEndpointGb');
    charges.push(
      ctx.charge(
        ref,
        `${type} endpoint hours in ${azs} AZ(s)`,
        azs * ctx.use('hours'),
        network.interfaceEndpointHour,
      ),
    );
    if (gb > 0)
      charges.push(ctx.charge(ref, `${type} endpoint data processed`, gb, network.interfaceEndpointGb));
  }
  return { charges, free };
}
