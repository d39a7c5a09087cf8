import type { Priced, PricingContext } from '../context.ts';
import { share } from '../context.ts';

/** ECR private repositories: `ecrStorageGb` split evenly; the legacy free tier gives 500 MB. */
export function priceEcr(ctx: PricingContext): Priced {
  const repositories = ctx.ofType('AWS::ECR::Repository');
  if (repositories.length === 0) return { charges: [] };
  const gb = share(ctx.use('ecrStorageGb'), repositories.length) * (ctx.use('hours') / 730);
  return {
    charges: repositories.map((ref) =>
      ctx.charge(ref, 'image storage', gb, ctx.prices.ecr.storageGb, { pool: 'ecrStorageGb' }),
    ),
  };
}
