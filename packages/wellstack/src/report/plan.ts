import type { CostEstimate } from '../analysis/cost/types.ts';
import type { Finding } from '../analysis/findings/types.ts';

/** One stack of the plan: where its template is and what it contains. */
export interface PlanStack {
  readonly name: string;
  /** Template path relative to the output directory. */
  readonly template: string;
  /** Resource count per CloudFormation type. */
  readonly resources: Record<string, number>;
}

/** The contents of `plan.json`: the machine-readable result of `wellstack plan` and `wellstack analyze`. */
export interface Plan {
  /** Preset name for `plan`; `null` for `analyze` on a foreign template. */
  readonly preset: string | null;
  readonly region: string;
  readonly stacks: readonly PlanStack[];
  readonly findings: readonly Finding[];
  readonly cost?: CostEstimate;
  /** Paths relative to the output directory. */
  readonly diagram?: { readonly svg: string; readonly mermaid: string };
}
