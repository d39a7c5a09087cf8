import type { Charge, Priced, PricingContext } from '../context.ts';
import { share } from '../context.ts';
import { cloudfrontOrigins } from '../origins.ts';

/**
 * S3 Standard: `s3StorageGb` and `s3PutRequests` split evenly over the buckets; `s3GetRequests` split
 * over the buckets CloudFront reads from when there are any (their reads are the ones that scale with
 * traffic), else over all buckets. Legacy free tier: 5 GB, 20k GET, 2k PUT.
 */
export function priceS3(ctx: PricingContext): Priced {
  const buckets = ctx.ofType('AWS::S3::Bucket');
  if (buckets.length === 0) return { charges: [] };
  const s3 = ctx.prices.s3;
  const origins = cloudfrontOrigins(ctx);
  const readers = buckets.filter((b) => origins.has(b));
  const getters = readers.length > 0 ? readers : buckets;
  const storage = share(ctx.use('s3StorageGb'), buckets.length) * (ctx.use('hours') / 730);
  const puts = share(ctx.use('s3PutRequests'), buckets.length) / 1000;
  const gets = share(ctx.use('s3GetRequests'), getters.length) / 1000;
  const charges: Charge[] = [];
  for (const ref of buckets) {
    if (storage > 0)
      charges.push(ctx.charge(ref, 'S3 Standard storage', storage, s3.standardGb, { pool: 's3StorageGb' }));
    if (puts > 0)
      charges.push(
        ctx.charge(ref, 'S3 PUT, COPY, POST, LIST requests', puts, s3.putPer1k, { pool: 's3Put' }),
      );
    if (gets > 0 && getters.includes(ref))
      charges.push(ctx.charge(ref, 'S3 GET requests', gets, s3.getPer1k, { pool: 's3Get' }));
  }
  return { charges };
}
