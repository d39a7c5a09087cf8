import type { ResourceRef } from '../../template/index.ts';
import type { Priced, PricingContext } from '../context.ts';
import { share } from '../context.ts';
import { fleets } from '../fleet.ts';
import { cloudfrontOrigins } from '../origins.ts';

/**
 * Data out to the internet from the region (`dataOutGb`), split evenly over the entry points viewers
 * reach directly: internet-facing load balancers and API gateways that are not CloudFront origins
 * (origin traffic to CloudFront is free), or, when there are none, public instances that do not forward
 * traffic (NAT instances do). 100 GB a month are always free.
 */
export function priceDataTransfer(ctx: PricingContext): Priced {
  const origins = cloudfrontOrigins(ctx);
  const balancers = ctx
    .ofType('AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ApiGatewayV2::Api', 'AWS::ApiGateway::RestApi')
    .filter(
      (ref) => (ctx.string(ref, 'Scheme') ?? 'internet-facing') === 'internet-facing' && !origins.has(ref),
    );
  const entries: ResourceRef[] =
    balancers.length > 0
      ? balancers
      : fleets(ctx)
          .filter((f) => f.publicIp && !f.forwardsTraffic && !origins.has(f.ref))
          .map((f) => f.ref);
  if (entries.length === 0) return { charges: [] };
  const gb = share(ctx.use('dataOutGb'), entries.length);
  if (gb === 0) return { charges: [] };
  return {
    charges: entries.map((ref) =>
      ctx.charge(ref, 'data transfer out to the internet', gb, ctx.prices.network.dataOutGb, {
        pool: 'dataOutGb',
      }),
    ),
  };
}
