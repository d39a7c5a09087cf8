/** One priced line of the monthly estimate. */
export interface LineItem {
  /** Logical id of the resource that incurs the cost (`<stack>/<logicalId>` when ambiguous). */
  readonly resource: string;
  /** CloudFormation type, e.g. `AWS::RDS::DBInstance`. */
  readonly type: string;
  /** What is charged, e.g. `db.t4g.micro PostgreSQL Multi-AZ instance hours`. */
  readonly description: string;
  readonly quantity: number;
  /** Unit of the quantity, e.g. `hour`, `GB-month`, `LCU-hour`. */
  readonly unit: string;
  /** USD per unit. */
  readonly unitPrice: number;
  /** USD per month, after free tier and commitment discounts. */
  readonly monthly: number;
  /** Where the unit price comes from and its date, e.g. `PL 2026-10-01`; `unverified` marks a figure without one. */
  readonly source: string;
}

export interface Unpriced {
  readonly resource: string;
  readonly type: string;
  /** Why it could not be priced: no pricer for the type, or a size / class missing from the price table. */
  readonly reason?: string;
}

/** A resource that costs nothing by itself, with the reason (its usage may be priced on another line). */
export interface FreeResource {
  readonly resource: string;
  readonly type: string;
  readonly reason: string;
}

/** How long the credit-based free plan's credits (USD 100 at sign-up, up to 200 with activities) last. */
export interface CreditsCoverage {
  readonly minimumUsd: number;
  readonly maximumUsd: number;
  /** Months the minimum / maximum credits cover at this estimate, capped at the months credits stay valid. */
  readonly monthsMinimum: number;
  readonly monthsMaximum: number;
  readonly note: string;
}

export type FreeTierModel = 'none' | 'legacy' | 'credits';
export type PricingModel = 'on-demand' | 'savings-1y' | 'spot';

export interface CostEstimate {
  readonly currency: 'USD';
  readonly monthly: number;
  readonly lineItems: readonly LineItem[];
  readonly unpriced: readonly Unpriced[];
  /** Resources that cost nothing by themselves, each with the reason. */
  readonly free: readonly FreeResource[];
  readonly freeTier: FreeTierModel;
  readonly pricing: PricingModel;
  /** The usage assumptions the estimate used (hours, GB out, requests, storage), with their values. */
  readonly assumptions: Record<string, number | string>;
  /** Present for the `credits` free-tier model only. */
  readonly credits?: CreditsCoverage;
}
