import type { ResourceRef } from '../template/index.ts';
import type { PricingContext } from './context.ts';

/**
 * How many subnets (one per AZ) a load balancer or endpoint spans: the length of the first list property
 * found; `azsWhenUnknown` when the list is not literal (e.g. an imported value).
 */
export function subnetCount(ctx: PricingContext, ref: ResourceRef, properties: readonly string[]): number {
  for (const property of properties) {
    const value = ctx.value(ref, property);
    if (Array.isArray(value) && value.length > 0) return value.length;
  }
  return ctx.use('azsWhenUnknown');
}
