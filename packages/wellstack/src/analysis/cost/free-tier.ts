import type { Charge } from './context.ts';
import { roundTo } from './money.ts';
import { type Allowance, citation, type PriceTable } from './prices.ts';
import type { FreeTierModel } from './types.ts';

/** A charge with the part of its quantity a free-tier allowance covers. */
export interface Allocated {
  readonly charge: Charge;
  readonly free: number;
}

/**
 * The allowances a model grants: `none` nothing, `credits` (accounts from 2025-07-15) the always-free
 * offers only, `legacy` (older accounts, first 12 months) the 12-month offers and the always-free ones.
 */
export function allowances(prices: PriceTable, model: FreeTierModel): Record<string, Allowance> {
  if (model === 'none') return {};
  if (model === 'credits') return { ...prices.freeTier.always };
  return { ...prices.freeTier.legacy, ...prices.freeTier.always };
}

/**
 * Allowances are pooled per account, not per resource: charges draw on their pool in order until it is
 * spent, so two t2.micro instances use 1,460 h of which 750 are free.
 */
export function applyFreeTier(charges: readonly Charge[], pools: Record<string, Allowance>): Allocated[] {
  const remaining = new Map(Object.entries(pools).map(([key, allowance]) => [key, allowance.amount]));
  return charges.map((charge) => {
    const left = charge.pool ? remaining.get(charge.pool) : undefined;
    if (!charge.pool || left === undefined || left <= 0) return { charge, free: 0 };
    const free = Math.min(left, charge.quantity);
    remaining.set(charge.pool, left - free);
    const allowance = pools[charge.pool]!;
    return {
      charge: {
        ...charge,
        description: `${charge.description}; free tier covers ${roundTo(free, 4)} of ${allowance.amount} ${allowance.unit} pooled (${charge.pool})`,
        source: `${charge.source}; free tier ${citation(allowance)}`,
      },
      free,
    };
  });
}
