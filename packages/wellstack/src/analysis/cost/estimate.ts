import type { StackTemplate } from '../template/index.ts';
import {
  type Charge,
  type FreeMark,
  key,
  type Priced,
  PricingContext,
  type UnpricedMark,
} from './context.ts';
import { applyFreeTier, allowances } from './free-tier.ts';
import { freeReason } from './free-types.ts';
import { lineAmount, roundTo, total } from './money.ts';
import { type PriceTable, priceTable } from './prices.ts';
import { PRICERS } from './pricer-set.ts';
import type {
  CostEstimate,
  CreditsCoverage,
  FreeResource,
  FreeTierModel,
  LineItem,
  PricingModel,
  Unpriced,
} from './types.ts';
import { DEFAULT_USAGE, type Usage } from './usage.ts';

export interface EstimateOptions {
  /** Region whose built-in price table applies (ap-northeast-2 or us-east-1) unless `prices` is given. */
  readonly region: string;
  /** A price table to use instead of the built-in one of `region`. */
  readonly prices?: PriceTable;
  readonly freeTier: FreeTierModel;
  readonly pricing: PricingModel;
  /** Overrides of DEFAULT_USAGE. */
  readonly usage?: Partial<Usage>;
}

/** Credits of the credit-based free plan: 100 at sign-up, up to 100 more for activities; valid 12 months. */
const CREDITS = { minimumUsd: 100, maximumUsd: 200, validMonths: 12 } as const;

/**
 * The monthly cost of the resources in `stacks`: one line per priced quantity, the free types with
 * their reasons, and what could not be priced. A pure function of its arguments.
 */
export function estimate(stacks: readonly StackTemplate[], options: EstimateOptions): CostEstimate {
  const prices = options.prices ?? priceTable(options.region);
  const usage: Usage = { ...DEFAULT_USAGE, ...options.usage };
  const ctx = new PricingContext(stacks, prices, options.pricing, options.freeTier, usage);
  const results: Priced[] = PRICERS.map((pricer) => pricer(ctx));

  const charges: Charge[] = results.flatMap((r) => r.charges);
  const freeMarks: FreeMark[] = results.flatMap((r) => r.free ?? []);
  const unpricedMarks: UnpricedMark[] = results.flatMap((r) => r.unpriced ?? []);
  const accounted = new Set(
    [...charges, ...freeMarks, ...unpricedMarks].map(({ ref }) => key(ref.stack, ref.id)),
  );
  for (const stack of stacks)
    for (const { id, resource, condition } of stack.notCreated ?? [])
      freeMarks.push({
        ref: { stack: stack.name, id, resource },
        reason: `not created with the parameters' defaults: condition ${condition} is false`,
      });
  for (const ref of ctx.resources) {
    if (accounted.has(key(ref.stack, ref.id))) continue;
    const reason = freeReason(ref.resource.Type);
    if (reason) freeMarks.push({ ref, reason });
    else unpricedMarks.push({ ref, reason: `no pricer for ${ref.resource.Type}` });
  }

  const lineItems: LineItem[] = applyFreeTier(charges, allowances(prices, options.freeTier)).map(
    ({ charge, free }) => ({
      resource: ctx.name(charge.ref),
      type: charge.ref.resource.Type,
      description: charge.description,
      quantity: roundTo(charge.quantity, 4),
      unit: charge.unit,
      unitPrice: charge.unitPrice,
      monthly: lineAmount(Math.max(0, charge.quantity - free) * charge.unitPrice),
      source: charge.source,
    }),
  );
  const monthly = total(lineItems.map((l) => l.monthly));
  const free: FreeResource[] = freeMarks.map(({ ref, reason }) => ({
    resource: ctx.name(ref),
    type: ref.resource.Type,
    reason,
  }));
  const unpriced: Unpriced[] = unpricedMarks.map(({ ref, reason }) => ({
    resource: ctx.name(ref),
    type: ref.resource.Type,
    reason,
  }));

  return {
    currency: 'USD',
    monthly,
    lineItems,
    unpriced,
    free,
    freeTier: options.freeTier,
    pricing: options.pricing,
    assumptions: { region: prices.region, ...Object.fromEntries(ctx.assumptions) },
    ...(options.freeTier === 'credits' ? { credits: creditsCoverage(monthly) } : {}),
  };
}

function creditsCoverage(monthly: number): CreditsCoverage {
  const months = (usd: number): number =>
    monthly <= 0 ? CREDITS.validMonths : Math.min(CREDITS.validMonths, Math.floor((usd / monthly) * 10) / 10);
  return {
    minimumUsd: CREDITS.minimumUsd,
    maximumUsd: CREDITS.maximumUsd,
    monthsMinimum: months(CREDITS.minimumUsd),
    monthsMaximum: months(CREDITS.maximumUsd),
    note: 'credits last this long at this estimate, at most 12 months; the free plan itself ends after 6 months (then upgrade to the paid plan, which spends the remaining credits)',
  };
}
