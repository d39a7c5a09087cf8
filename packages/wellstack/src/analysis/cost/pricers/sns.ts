import type { Priced, PricingContext } from '../context.ts';
import { share } from '../context.ts';

/**
 * SNS: `snsPublishes` split evenly over the topics; 1M publishes always free. Deliveries to SQS and
 * Lambda are free; e-mail and SMS deliveries are not priced.
 */
export function priceSns(ctx: PricingContext): Priced {
  const topics = ctx.ofType('AWS::SNS::Topic');
  if (topics.length === 0) return { charges: [] };
  const publishes = share(ctx.use('snsPublishes'), topics.length) / 1e6;
  return {
    charges: topics.map((ref) =>
      ctx.charge(ref, 'publish requests', publishes, ctx.prices.sns.publishPerMillion, {
        pool: 'snsPublishes',
      }),
    ),
  };
}
