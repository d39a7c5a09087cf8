import { allResources, cdkPath, type StackTemplate } from '../template/index.ts';
import { sortFindings } from './check.ts';
import type { Finding, Severity } from './types.ts';

/**
 * The parts of the validation report aws-cdk-lib writes (`policy-validation-report.json`, from the
 * Validations plugins) that findings use. Older CDK versions put `pluginName` under `summary`.
 */
export interface NagReport {
  readonly pluginReports?: readonly {
    readonly pluginName?: string;
    readonly summary?: { readonly pluginName?: string };
    readonly violations?: readonly NagViolation[];
  }[];
}

export interface NagViolation {
  readonly ruleName: string;
  readonly description?: string;
  readonly suggestedFix?: string;
  readonly fix?: string;
  /** `fatal`, `error`, `warning`, `info` or `custom`. */
  readonly severity?: string;
  readonly violatingConstructs?: readonly {
    readonly constructPath?: string;
    readonly resourceLogicalId?: string;
    readonly cloudFormationResource?: { readonly logicalId?: string };
  }[];
}

/** The packs cdk-nag ships; custom packs are recognized by their rule ids (`<pack>-<rule>`). */
const NAG_PACKS = new Set([
  'AwsSolutions',
  'HIPAA.Security',
  'NIST.800.53.R4',
  'NIST.800.53.R5',
  'PCI.DSS.321',
  'Serverless',
]);
const RULES_DOC = 'https://github.com/cdklabs/cdk-nag/blob/main/RULES.md';

/**
 * cdk-nag's violations as findings (`source: cdk-nag`). cdk-nag marks a rule `error` when its pack
 * treats it as a must-fix, so errors (and fatals) are high and warnings medium; anything else is low.
 * Other plugins of the report (CloudFormation validation, construct annotations) are left out. The
 * resource is found through the templates' `aws:cdk:path` metadata, which equals the construct path
 * nag reports for L1 resources (and for L2 constructs, through their `Resource` child).
 */
export function fromNagReport(report: NagReport, stacks: readonly StackTemplate[]): Finding[] {
  const byPath = new Map(allResources(stacks).map((ref) => [cdkPath(ref), ref.id]));
  // cdk-nag reads the template files as written: drop what it says about resources their conditions leave out.
  const notCreated = (path: string, id: string | undefined): boolean => {
    const own = stacks.filter((s) => s.name === path.split('/')[0]);
    return (own.length > 0 ? own : stacks).some((s) => s.notCreated?.some((r) => r.id === id) ?? false);
  };
  const findings = (report.pluginReports ?? []).flatMap((plugin) => {
    const name = plugin.pluginName ?? plugin.summary?.pluginName ?? '';
    const violations = plugin.violations ?? [];
    if (!isNagPack(name, violations)) return [];
    return violations.flatMap((violation) =>
      (violation.violatingConstructs ?? []).flatMap((construct): Finding[] => {
        const path = construct.constructPath ?? '';
        const logicalId =
          byPath.get(path) ??
          byPath.get(`${path}/Resource`) ??
          construct.cloudFormationResource?.logicalId ??
          (construct.resourceLogicalId !== 'N/A' ? construct.resourceLogicalId : undefined);
        if (notCreated(path, logicalId)) return [];
        const rule = violation.ruleName.replace(/\[.*\]$/, '');
        const suggested = violation.suggestedFix ?? violation.fix;
        const finding: Finding = {
          id: violation.ruleName,
          severity: severityOf(violation.severity),
          resource: logicalId ?? path.split('/').pop() ?? '',
          path,
          message: violation.description ?? violation.ruleName,
          fix: `${suggested ? `${suggested} ` : ''}See ${rule} in ${RULES_DOC}.`,
          source: 'cdk-nag',
        };
        return [finding];
      }),
    );
  });
  return sortFindings(findings);
}

function isNagPack(name: string, violations: readonly NagViolation[]): boolean {
  if (NAG_PACKS.has(name)) return true;
  return name !== '' && violations.length > 0 && violations.every((v) => v.ruleName.startsWith(`${name}-`));
}

function severityOf(severity: string | undefined): Severity {
  switch (severity?.toLowerCase()) {
    case 'fatal':
    case 'error':
      return 'high';
    case 'warning':
      return 'medium';
    default:
      return 'low';
  }
}
