import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { resolveConfig } from '../../../src/config/index.ts';
import { violations } from '../nag.ts';
import type { ResolvedConfig, ServiceConfig } from '../../../src/config/schema.ts';

export const REGION = 'ap-northeast-2';

/** A stack like the kit's: account-agnostic with an explicit region. Validator off: it is slow. */
export function testStack(): Stack {
  const app = new App({ builtinCloudFormationValidation: false });
  return new Stack(app, 'Test', { env: { region: REGION } });
}

/** The resolved config of a preset, with overrides, as constructs receive it. */
export function config(input: Record<string, unknown> = {}): ResolvedConfig {
  return resolveConfig(input);
}

/** One resolved service: the schema's defaults under `overrides`; hosts are under example.com. */
export function service(overrides: Record<string, unknown> = {}): ServiceConfig {
  return resolveConfig({ preset: 'startup', domain: { name: 'example.com' }, services: { app: overrides } })
    .services.app!;
}

/**
 * Synthesizes a stack built by `build` with cdk-nag's AwsSolutions pack and (unless turned off) the
 * built-in CloudFormation validator, and returns every error left unacknowledged
 * (`plugin rule at construct path`).
 */
export function unacknowledgedErrors(
  build: (stack: Stack) => void,
  cloudFormationValidation = true,
): string[] {
  const outdir = mkdtempSync(join(tmpdir(), 'wellstack-nag-'));
  try {
    const app = new App({ outdir, builtinCloudFormationValidation: cloudFormationValidation });
    build(new Stack(app, 'Nag', { env: { region: REGION } }));
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    return violations(app)
      .filter((v) => v.severity !== 'warning' && v.severity !== 'info')
      .map((v) => `${v.plugin} ${v.rule} at ${v.path}`);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export interface IngressRule {
  /** Logical id of the security group the rule is on. */
  readonly group: string;
  readonly protocol: string;
  readonly from?: number;
  readonly to?: number;
  readonly cidr?: string;
  readonly cidrV6?: string;
  /** Logical id of the source security group. */
  readonly source?: string;
}

/** Every ingress rule of the template, inline on a security group or as its own resource. */
export function ingressRules(template: Template): IngressRule[] {
  const rules: IngressRule[] = [];
  for (const [id, sg] of Object.entries(template.findResources('AWS::EC2::SecurityGroup'))) {
    for (const rule of (sg.Properties?.SecurityGroupIngress ?? []) as Record<string, unknown>[]) {
      rules.push(toRule(id, rule));
    }
  }
  for (const resource of Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))) {
    const props = resource.Properties as Record<string, unknown>;
    rules.push(toRule(refId(props.GroupId) ?? '?', props));
  }
  return rules;
}

/** Ingress rules open to the whole internet (IPv4 or IPv6). */
export function worldIngress(template: Template): IngressRule[] {
  return ingressRules(template).filter((r) => r.cidr === '0.0.0.0/0' || r.cidrV6 === '::/0');
}

/** Whether a rule admits TCP `port`. */
export function admitsPort(rule: IngressRule, port: number): boolean {
  return (
    rule.protocol === '-1' || (rule.from !== undefined && rule.from <= port && port <= (rule.to ?? rule.from))
  );
}

/** The logical id of the only resource of `type` whose logical id contains `hint`. */
export function logicalId(template: Template, type: string, hint: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.includes(hint));
  if (ids.length !== 1)
    throw new Error(`expected one ${type} matching "${hint}", found ${ids.join(', ') || 'none'}`);
  return ids[0]!;
}

function toRule(group: string, rule: Record<string, unknown>): IngressRule {
  return {
    group,
    protocol: String(rule.IpProtocol),
    from: rule.FromPort as number | undefined,
    to: rule.ToPort as number | undefined,
    cidr: rule.CidrIp as string | undefined,
    cidrV6: rule.CidrIpv6 as string | undefined,
    source: refId(rule.SourceSecurityGroupId),
  };
}

function refId(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const getAtt = (value as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
  if (getAtt) return getAtt[0];
  return (value as { Ref?: string }).Ref;
}

/** The user data script of a launch template, with references rendered as `<LogicalId>` placeholders. */
export function userDataOf(launchTemplate: Record<string, unknown>): string {
  const { Properties } = launchTemplate as { Properties: { LaunchTemplateData: { UserData: unknown } } };
  return render(Properties.LaunchTemplateData.UserData);
}

function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return String(value);
  const v = value as Record<string, unknown>;
  if ('Fn::Base64' in v) return render(v['Fn::Base64']);
  if ('Fn::Join' in v) {
    const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(render).join(sep);
  }
  if ('Ref' in v) return `<${String(v.Ref)}>`;
  return JSON.stringify(value);
}
