import { type ResourceRef, refsIn } from '../template/index.ts';
import type { PricingContext } from './context.ts';

/**
 * Resources that CloudFront distributions of the template use as origins (buckets, load balancers):
 * their traffic to viewers goes through CloudFront, and AWS origins send to CloudFront for free.
 */
export function cloudfrontOrigins(ctx: PricingContext): Set<ResourceRef> {
  const origins = new Set<ResourceRef>();
  for (const distribution of ctx.ofType('AWS::CloudFront::Distribution')) {
    const list = ctx.value(distribution, 'DistributionConfig.Origins');
    for (const id of refsIn(list)) {
      const target = ctx.target(distribution, { Ref: id });
      if (target) origins.add(target);
    }
  }
  return origins;
}
