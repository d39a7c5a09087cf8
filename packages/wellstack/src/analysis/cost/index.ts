export { type EstimateOptions, estimate } from './estimate.ts';
export { FREE_TYPES, freeReason } from './free-types.ts';
export { roundTo } from './money.ts';
export {
  type Allowance,
  citation,
  type Discount,
  type PriceEntry,
  type PriceTable,
  priceTable,
  SUPPORTED_REGIONS,
  UnsupportedRegionError,
} from './prices.ts';
export type * from './types.ts';
export { DEFAULT_USAGE, type Usage, type UsageKey, type UsageKeyInfo, usageKeys } from './usage.ts';
