import { prop, type ResourceRef, resourcesOfType, type StackTemplate } from '../../../template/index.ts';
import { isRecord, listOf } from '../../support/lookup.ts';
import { type RuleHit, hit } from '../../support/rule.ts';
import { isSecretVariable, secretsInText, userDataText } from '../../support/secrets.ts';

/**
 * Secrets written into the template in plain text, where anyone who can read the stack, the instance
 * attributes or the function configuration can read them: EC2 user data (instances, launch templates,
 * launch configurations) and Lambda / ECS environment variables. Values resolved at deploy time
 * (`{{resolve:…}}`, references) are not secrets in the template.
 */
export function PlaintextSecret(stacks: readonly StackTemplate[]): RuleHit[] {
  const userData: [string, string][] = [
    ['AWS::EC2::Instance', 'UserData'],
    ['AWS::EC2::LaunchTemplate', 'LaunchTemplateData.UserData'],
    ['AWS::AutoScaling::LaunchConfiguration', 'UserData'],
  ];
  const scripts = userData.flatMap(([type, path]) =>
    resourcesOfType(stacks, type).flatMap((ref) => {
      const value = prop(ref.resource, path);
      const secrets = value === undefined ? [] : secretsInText(userDataText(value));
      return secrets.length > 0 ? [hit(ref, `its user data holds ${secrets.join(', ')}`)] : [];
    }),
  );
  return [...scripts, ...lambdaVariables(stacks), ...containerVariables(stacks)];
}

function lambdaVariables(stacks: readonly StackTemplate[]): RuleHit[] {
  return resourcesOfType(stacks, 'AWS::Lambda::Function').flatMap((fn) => {
    const variables = prop(fn.resource, 'Environment.Variables');
    const names = isRecord(variables)
      ? Object.entries(variables).flatMap(([name, value]) => (isSecretVariable(name, value) ? [name] : []))
      : [];
    return report(fn, names);
  });
}

function containerVariables(stacks: readonly StackTemplate[]): RuleHit[] {
  return resourcesOfType(stacks, 'AWS::ECS::TaskDefinition').flatMap((task) => {
    const names = listOf(prop(task.resource, 'ContainerDefinitions')).flatMap((container) =>
      isRecord(container)
        ? listOf(container.Environment).flatMap((v) =>
            isRecord(v) && typeof v.Name === 'string' && isSecretVariable(v.Name, v.Value) ? [v.Name] : [],
          )
        : [],
    );
    return report(task, names);
  });
}

function report(ref: ResourceRef, names: string[]): RuleHit[] {
  return names.length > 0
    ? [
        hit(
          ref,
          `its environment variable${names.length > 1 ? 's' : ''} ${names.join(', ')} ${names.length > 1 ? 'hold' : 'holds'} a literal secret`,
        ),
      ]
    : [];
}
