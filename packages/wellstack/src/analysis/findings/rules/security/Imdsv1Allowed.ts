import { prop, type Resource, resourcesOfType, type StackTemplate } from '../../../template/index.ts';
import { type RuleHit, hit } from '../../support/rule.ts';

/**
 * Launch templates, launch configurations and instances that still answer IMDSv1, whose unauthenticated
 * GET lets an SSRF bug read the instance role's credentials. An instance with a launch template is left
 * to that template (checked itself when the stack defines it). An AMI that requires IMDSv2 (AL2023) is not
 * visible in the template, so the launch settings must say it.
 */
export function Imdsv1Allowed(stacks: readonly StackTemplate[]): RuleHit[] {
  return stacks.flatMap((stack) => [
    ...resourcesOfType([stack], 'AWS::EC2::LaunchTemplate').flatMap((lt) =>
      allowsV1(lt.resource, 'LaunchTemplateData.MetadataOptions')
        ? [hit(lt, reason(lt.resource, 'LaunchTemplateData.MetadataOptions'))]
        : [],
    ),
    ...resourcesOfType([stack], 'AWS::AutoScaling::LaunchConfiguration').flatMap((lc) =>
      allowsV1(lc.resource, 'MetadataOptions') ? [hit(lc, reason(lc.resource, 'MetadataOptions'))] : [],
    ),
    ...resourcesOfType([stack], 'AWS::EC2::Instance').flatMap((instance) =>
      prop(instance.resource, 'LaunchTemplate') === undefined
        ? [hit(instance, 'it has no launch template requiring IMDSv2 (HttpTokens: required)')]
        : [],
    ),
  ]);
}

function allowsV1(resource: Resource, options: string): boolean {
  return (
    prop(resource, `${options}.HttpEndpoint`) !== 'disabled' &&
    prop(resource, `${options}.HttpTokens`) !== 'required'
  );
}

function reason(resource: Resource, options: string): string {
  const tokens = prop(resource, `${options}.HttpTokens`);
  return tokens === undefined
    ? 'HttpTokens is not set (defaults to optional)'
    : `HttpTokens is ${JSON.stringify(tokens)}`;
}
