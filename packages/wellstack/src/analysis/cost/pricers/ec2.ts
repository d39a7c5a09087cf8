import type { Charge, Priced, PricingContext, UnpricedMark } from '../context.ts';
import { type Fleet, fleets } from '../fleet.ts';
import { citation } from '../prices.ts';

/**
 * EC2 instance hours: standalone instances and Auto Scaling groups (desired capacity, else min size).
 * On-demand instances of the legacy free-tier type draw on the pooled 750 h; the spot share of a
 * MixedInstancesPolicy, spot market options and the `spot` pricing model use the table's spot average.
 */
export function priceEc2(ctx: PricingContext): Priced {
  const charges: Charge[] = [];
  const unpriced: UnpricedMark[] = [];
  const hours = ctx.use('hours');
  for (const fleet of fleets(ctx)) {
    if (fleet.count === undefined) {
      unpriced.push({ ref: fleet.ref, reason: 'neither DesiredCapacity nor MinSize is a literal' });
      continue;
    }
    const prices = fleet.instanceType ? ctx.prices.ec2[fleet.instanceType] : undefined;
    if (!fleet.instanceType || !prices) {
      unpriced.push({
        ref: fleet.ref,
        reason: fleet.instanceType
          ? `instance type ${fleet.instanceType} is not in the ${ctx.prices.region} price table`
          : 'instance type not readable from the template',
      });
      continue;
    }
    const spot = ctx.pricing === 'spot' ? fleet.count : fleet.spotCount;
    const onDemand = fleet.count - spot;
    if (onDemand > 0) charges.push(onDemandCharge(ctx, fleet, onDemand, hours));
    if (spot > 0) charges.push(spotCharge(ctx, fleet, spot, hours));
  }
  return { charges, unpriced };
}

function onDemandCharge(ctx: PricingContext, fleet: Fleet, count: number, hours: number): Charge {
  const type = fleet.instanceType as string;
  const eligible = ctx.prices.freeTier.legacy.ec2Hours?.eligible?.includes(type);
  return ctx.charge(
    fleet.ref,
    `${type} on-demand instance hours (${describe(fleet, count)})`,
    count * hours,
    ctx.prices.ec2[type]!.onDemand,
    { commitment: 'ec2', ...(eligible ? { pool: 'ec2Hours' } : {}) },
  );
}

function spotCharge(ctx: PricingContext, fleet: Fleet, count: number, hours: number): Charge {
  const type = fleet.instanceType as string;
  const prices = ctx.prices.ec2[type]!;
  const description = `${type} spot instance hours (${describe(fleet, count)})`;
  if (!prices.spot)
    return {
      ...ctx.charge(fleet.ref, description, count * hours, prices.onDemand),
      source: `${citation(prices.onDemand)}; no spot price in the table: on-demand price`,
    };
  return {
    ...ctx.charge(fleet.ref, description, count * hours, prices.spot),
    source: `${citation(prices.spot)} (spot average)`,
  };
}

function describe(fleet: Fleet, count: number): string {
  return fleet.count === count ? `${count} × ${fleet.countNote}` : `${count} of ${fleet.countNote}`;
}
