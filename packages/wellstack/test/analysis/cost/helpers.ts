import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { type EstimateOptions, estimate } from '../../../src/analysis/cost/index.ts';
import type { CostEstimate, LineItem } from '../../../src/analysis/cost/types.ts';
import { loadTemplates, type StackTemplate } from '../../../src/analysis/template/index.ts';

/** The stacks of `test/fixtures/cost/<name>.json`. */
export function fixture(name: string): StackTemplate[] {
  return loadTemplates(fileURLToPath(new URL(`../../fixtures/cost/${name}.json`, import.meta.url)));
}

/** Estimate of a fixture in Seoul, on demand, without free tier, unless overridden. */
export function price(name: string, options: Partial<EstimateOptions> = {}): CostEstimate {
  return estimate(fixture(name), {
    region: 'ap-northeast-2',
    freeTier: 'none',
    pricing: 'on-demand',
    ...options,
  });
}

export function linesOf(result: CostEstimate, resource: string): LineItem[] {
  return result.lineItems.filter((l) => l.resource === resource);
}

/** The one line of `resource` whose description matches. */
export function line(result: CostEstimate, resource: string, description: RegExp): LineItem {
  const found = linesOf(result, resource).filter((l) => description.test(l.description));
  expect(
    found,
    `${resource} ${description}: ${JSON.stringify(linesOf(result, resource), null, 1)}`,
  ).toHaveLength(1);
  return found[0]!;
}

/** Asserts two USD amounts are within one cent. */
export function expectWithinCent(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(0.01 + 1e-9);
}
