import {
  allResources,
  numberOf,
  type ResourceRef,
  refTarget,
  type StackTemplate,
  withParameterDefaults,
} from '../template/index.ts';
import { citation, type PriceEntry, type PriceTable } from './prices.ts';
import type { FreeTierModel, PricingModel } from './types.ts';
import type { Usage, UsageKey } from './usage.ts';

/** One priced quantity before free tier and rounding. */
export interface Charge {
  readonly ref: ResourceRef;
  readonly description: string;
  readonly quantity: number;
  readonly unit: string;
  /** USD per unit after any commitment discount or spot price. */
  readonly unitPrice: number;
  readonly source: string;
  /** Free-tier allowance (key of `freeTier.legacy` or `freeTier.always`) this quantity draws on. */
  readonly pool?: string;
}

export interface FreeMark {
  readonly ref: ResourceRef;
  readonly reason: string;
}

export interface UnpricedMark {
  readonly ref: ResourceRef;
  readonly reason: string;
}

/** What one pricer found: charges, resources it knows are free, resources it could not price. */
export interface Priced {
  readonly charges: readonly Charge[];
  readonly free?: readonly FreeMark[];
  readonly unpriced?: readonly UnpricedMark[];
}

export type Commitment = 'ec2' | 'rds' | 'elasticache';

/** The read-only view every pricer works on, plus a record of the usage keys it reads. */
export class PricingContext {
  readonly resources: readonly ResourceRef[];
  readonly assumptions = new Map<string, number | string>();
  private readonly byKey = new Map<string, ResourceRef>();
  private readonly duplicateIds = new Set<string>();

  constructor(
    readonly stacks: readonly StackTemplate[],
    readonly prices: PriceTable,
    readonly pricing: PricingModel,
    readonly freeTier: FreeTierModel,
    private readonly usage: Usage,
  ) {
    this.resources = allResources(stacks);
    const seen = new Set<string>();
    for (const ref of this.resources) {
      this.byKey.set(key(ref.stack, ref.id), ref);
      if (seen.has(ref.id)) this.duplicateIds.add(ref.id);
      seen.add(ref.id);
    }
  }

  /** A usage value; reading it records it among the estimate's assumptions. */
  use(name: UsageKey): number {
    const value = this.usage[name];
    this.assumptions.set(name, value);
    return value;
  }

  /** Records an assumption that is not a usage key (e.g. the default root volume). */
  assume(name: string, value: number | string): void {
    this.assumptions.set(name, value);
  }

  ofType(...types: string[]): ResourceRef[] {
    return this.resources.filter((r) => types.includes(r.resource.Type));
  }

  /** The resource a `Ref` / `Fn::GetAtt` value points at, in the same stack. */
  target(from: ResourceRef, value: unknown): ResourceRef | undefined {
    const id = refTarget(value);
    return id === undefined ? undefined : this.byKey.get(key(from.stack, id));
  }

  /** A property with `{ Ref: Parameter }` resolved to the parameter's default. */
  value(ref: ResourceRef, path: string): unknown {
    let value: unknown = ref.resource.Properties;
    for (const part of path.split('.')) {
      if (typeof value !== 'object' || value === null) return undefined;
      value = (value as Record<string, unknown>)[part];
    }
    return this.literal(ref, value);
  }

  /** A value with parameter references resolved to their defaults. */
  literal(ref: ResourceRef, value: unknown): unknown {
    const template = this.stacks.find((s) => s.name === ref.stack)?.template;
    return template ? withParameterDefaults(template, value) : value;
  }

  number(ref: ResourceRef, path: string): number | undefined {
    return numberOf(this.value(ref, path));
  }

  string(ref: ResourceRef, path: string): string | undefined {
    const v = this.value(ref, path);
    return typeof v === 'string' ? v : undefined;
  }

  /** `true` / `"true"` → true, `false` / `"false"` → false, anything else (intrinsics, absent) → undefined. */
  boolean(ref: ResourceRef, value: unknown): boolean | undefined {
    const v = this.literal(ref, value);
    if (v === true || v === 'true') return true;
    if (v === false || v === 'false') return false;
    return undefined;
  }

  /** The logical id, or `<stack>/<logicalId>` when two stacks use the same id. */
  name(ref: ResourceRef): string {
    return this.duplicateIds.has(ref.id) ? `${ref.stack}/${ref.id}` : ref.id;
  }

  /** Unit price and citation of a figure under the chosen commitment. */
  rate(entry: PriceEntry, commitment?: Commitment): { unitPrice: number; source: string } {
    const source = citation(entry);
    if (this.pricing !== 'savings-1y' || !commitment) return { unitPrice: entry.price, source };
    const discount = this.prices.commitments.savings1y[commitment];
    if (!discount)
      return {
        unitPrice: entry.price,
        source: `${source}; savings-1y: no sourced ${commitment.toUpperCase()} discount, on-demand price`,
      };
    const percent = Math.round(discount.discount * 100);
    return {
      unitPrice: entry.price * (1 - discount.discount),
      source: `${source}; savings-1y -${percent}% ${citation(discount)}`,
    };
  }

  /** Shorthand for a charge priced with `rate`. */
  charge(
    ref: ResourceRef,
    description: string,
    quantity: number,
    entry: PriceEntry,
    extra: { readonly commitment?: Commitment; readonly pool?: string; readonly unit?: string } = {},
  ): Charge {
    const { unitPrice, source } = this.rate(entry, extra.commitment);
    return {
      ref,
      description,
      quantity,
      unit: extra.unit ?? entry.unit,
      unitPrice,
      source,
      ...(extra.pool ? { pool: extra.pool } : {}),
    };
  }
}

export const key = (stack: string, id: string): string => `${stack}\u0000${id}`;

/** Splits a monthly total evenly among `count` resources. */
export const share = (totalAmount: number, count: number): number => (count > 0 ? totalAmount / count : 0);
