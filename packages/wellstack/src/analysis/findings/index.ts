export { check, failOn, sortFindings } from './check.ts';
export { fromNagReport, type NagReport, type NagViolation } from './nag.ts';
export { RULES, type RuleDefinition } from './ruleset.ts';
export type { Rule, RuleHit, RuleOptions } from './support/rule.ts';
export * from './types.ts';
