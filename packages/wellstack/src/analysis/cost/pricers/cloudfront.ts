import type { Charge, Priced, PricingContext } from '../context.ts';
import { share } from '../context.ts';

/**
 * CloudFront: `cloudfrontGb` out and `cloudfrontRequests` split evenly over the distributions, at the
 * price of the table region's own geography (viewers assumed near the region). CloudFront Functions run
 * once per viewer request of the distributions. Always free: 1 TB, 10M requests, 2M function invocations.
 */
export function priceCloudFront(ctx: PricingContext): Priced {
  const charges: Charge[] = [];
  const cf = ctx.prices.cloudfront;
  const distributions = ctx.ofType('AWS::CloudFront::Distribution');
  if (distributions.length > 0) {
    const gb = share(ctx.use('cloudfrontGb'), distributions.length);
    const requests = share(ctx.use('cloudfrontRequests'), distributions.length) / 10_000;
    for (const ref of distributions) {
      if (gb > 0)
        charges.push(
          ctx.charge(ref, 'CloudFront data out to viewers', gb, cf.gbOut, { pool: 'cloudfrontGb' }),
        );
      if (requests > 0)
        charges.push(
          ctx.charge(ref, 'CloudFront requests', requests, cf.requestsPer10k, { pool: 'cloudfrontRequests' }),
        );
    }
  }
  const functions = ctx.ofType('AWS::CloudFront::Function');
  if (functions.length > 0) {
    const invocations = share(ctx.use('cloudfrontRequests'), functions.length) / 1e6;
    for (const ref of functions)
      charges.push(
        ctx.charge(
          ref,
          'CloudFront Functions invocations (one per viewer request)',
          invocations,
          cf.functionsPerMillion,
          {
            pool: 'cloudfrontFunctions',
          },
        ),
      );
  }
  return { charges };
}
