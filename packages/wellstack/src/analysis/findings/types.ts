export type Severity = 'high' | 'medium' | 'low';

/** One finding: what is wrong, where, and how to fix it. The shape `plan.json` carries. */
export interface Finding {
  /** Rule id, e.g. `WS-SPOF-RDS-SINGLE-AZ` or a cdk-nag id such as `AwsSolutions-EC23`. */
  readonly id: string;
  readonly severity: Severity;
  /** Logical id of the resource in its template. */
  readonly resource: string;
  /** CDK construct path when known, else `<stack>/<logicalId>`. */
  readonly path: string;
  readonly message: string;
  readonly fix: string;
  /** `wellstack` for our rules, `cdk-nag` for cdk-nag results. */
  readonly source: 'wellstack' | 'cdk-nag';
}

export const SEVERITY_ORDER: readonly Severity[] = ['high', 'medium', 'low'];
