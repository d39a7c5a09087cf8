import type { StackTemplate } from '../template/index.ts';
import { RULES } from './ruleset.ts';
import type { RuleOptions } from './support/rule.ts';
import { type Finding, SEVERITY_ORDER, type Severity } from './types.ts';

/** Runs every rule over the templates: findings most severe first, then by rule id and path. */
export function check(stacks: readonly StackTemplate[], options: RuleOptions = {}): Finding[] {
  const findings = RULES.flatMap((definition) =>
    definition.rule(stacks, options).map(
      (h): Finding => ({
        id: definition.id,
        severity: definition.severity,
        resource: h.resource,
        path: h.path,
        message: `${definition.summary}: ${h.detail}.`,
        fix: definition.fix,
        source: 'wellstack',
      }),
    ),
  );
  return sortFindings(findings);
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  const rank = (s: Severity) => SEVERITY_ORDER.indexOf(s);
  return [...findings].sort(
    (a, b) => rank(a.severity) - rank(b.severity) || compare(a.id, b.id) || compare(a.path, b.path),
  );
}

/** Code-point order: the same on every machine, unlike `localeCompare`. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether findings at or above a severity should fail the run (`--fail-on`); `none` never fails. */
export function failOn(findings: readonly Finding[], threshold: Severity | 'none'): boolean {
  if (threshold === 'none') return false;
  const limit = SEVERITY_ORDER.indexOf(threshold);
  return findings.some((f) => SEVERITY_ORDER.indexOf(f.severity) <= limit);
}
