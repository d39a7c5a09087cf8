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
}

export type FreeTierModel = 'none' | 'legacy' | 'credits';
export type PricingModel = 'on-demand' | 'savings-1y' | 'spot';

export interface CostEstimate {
  readonly currency: 'USD';
  readonly monthly: number;
  readonly lineItems: readonly LineItem[];
  readonly unpriced: readonly Unpriced[];
  readonly freeTier: FreeTierModel;
  readonly pricing: PricingModel;
  /** The usage assumptions the estimate used (hours, GB out, requests, storage), with their values. */
  readonly assumptions: Record<string, number | string>;
}
