import { cdkPath, type ResourceRef, type StackTemplate } from '../../template/index.ts';

/** What a rule found on one resource; the rule set turns it into a finding with its id, severity and texts. */
export interface RuleHit {
  readonly stack: string;
  /** Logical id of the resource, or the stack name for findings about a whole stack. */
  readonly resource: string;
  /** CDK construct path of the resource (see `cdkPath`). */
  readonly path: string;
  /** What is wrong with this resource, completing the rule's summary: `its subnets are all in AZ 1`. */
  readonly detail: string;
}

/** Facts the template cannot tell, passed in by whoever knows them (e.g. the CLI, from the config). */
export interface RuleOptions {
  /**
   * The deployment stage (`dev`, `prod`, …); overrides the stage read from resource tags.
   * @default - read from the `wellstack:stage`, `Stage` or `Environment` tags of the resources
   */
  readonly stage?: string;
}

/** One rule: a pure function from templates to hits. */
export type Rule = (stacks: readonly StackTemplate[], options: RuleOptions) => RuleHit[];

export function hit(ref: ResourceRef, detail: string): RuleHit {
  return { stack: ref.stack, resource: ref.id, path: cdkPath(ref), detail };
}
