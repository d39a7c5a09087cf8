import { prop, type ResourceRef, resourcesOfType, type StackTemplate } from '../../template/index.ts';
import { isRecord, target } from './lookup.ts';

/**
 * The launch template a launch specification (`{ LaunchTemplateId | LaunchTemplateName, Version }`)
 * names: by reference, or by a literal name matching a template of the stack. Undefined when the
 * specification is absent or names a template the stack does not define.
 */
export function launchTemplateOf(stack: StackTemplate, specification: unknown): ResourceRef | undefined {
  if (!isRecord(specification)) return undefined;
  const type = 'AWS::EC2::LaunchTemplate';
  const byRef =
    target(stack, specification.LaunchTemplateId, type) ??
    target(stack, specification.LaunchTemplateName, type);
  if (byRef) return byRef;
  const name = specification.LaunchTemplateName;
  return typeof name === 'string'
    ? resourcesOfType([stack], type).find((lt) => prop(lt.resource, 'LaunchTemplateName') === name)
    : undefined;
}

/** Launch templates an EC2 instance uses (`LaunchTemplate` property). */
export function instanceLaunchTemplate(stack: StackTemplate, instance: ResourceRef): ResourceRef | undefined {
  return launchTemplateOf(stack, prop(instance.resource, 'LaunchTemplate'));
}

/** Logical ids of launch templates that some EC2 instance of the stack uses. */
export function templatesUsedByInstances(stack: StackTemplate): Set<string> {
  return new Set(
    resourcesOfType([stack], 'AWS::EC2::Instance').flatMap((i) => instanceLaunchTemplate(stack, i)?.id ?? []),
  );
}
