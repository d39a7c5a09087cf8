import type { Charge, Priced, PricingContext } from '../context.ts';
import { share } from '../context.ts';

/** KMS customer managed keys by the month; `kmsRequests` split evenly, 20k requests always free. */
export function priceKms(ctx: PricingContext): Priced {
  const keys = ctx.ofType('AWS::KMS::Key');
  if (keys.length === 0) return { charges: [] };
  const kms = ctx.prices.kms;
  const requests = share(ctx.use('kmsRequests'), keys.length) / 10_000;
  const months = ctx.use('hours') / 730;
  const charges: Charge[] = keys.flatMap((ref) => [
    ctx.charge(ref, 'customer managed key', months, kms.key),
    ...(requests > 0
      ? [ctx.charge(ref, 'key requests', requests, kms.per10kRequests, { pool: 'kmsRequests' })]
      : []),
  ]);
  return { charges };
}
