import { check } from '../../../src/analysis/findings/index.ts';
import type { RuleOptions } from '../../../src/analysis/findings/support/rule.ts';
import type { StackTemplate } from '../../../src/analysis/template/index.ts';

/** The findings of one rule, reduced to what the tests pin down: id, severity, resource and path. */
export function hits(stacks: readonly StackTemplate[], id: string, options?: RuleOptions) {
  return check(stacks, options)
    .filter((f) => f.id === id)
    .map(({ id, severity, resource, path }) => ({ id, severity, resource, path }));
}

/** The message of the single finding of one rule. */
export function messageOf(stacks: readonly StackTemplate[], id: string, options?: RuleOptions): string {
  const found = check(stacks, options).filter((f) => f.id === id);
  if (found.length !== 1) throw new Error(`expected one ${id} finding, got ${found.length}`);
  return found[0]!.message;
}
