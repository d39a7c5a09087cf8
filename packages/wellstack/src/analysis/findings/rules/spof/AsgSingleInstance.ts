import { numberOf, prop, resourcesOfType, type StackTemplate } from '../../../template/index.ts';
import { type RuleHit, hit } from '../../support/rule.ts';

/** Auto Scaling groups capped at one instance: they heal, but every failure or replacement is downtime. */
export function AsgSingleInstance(stacks: readonly StackTemplate[]): RuleHit[] {
  return resourcesOfType(stacks, 'AWS::AutoScaling::AutoScalingGroup').flatMap((asg) =>
    numberOf(prop(asg.resource, 'MaxSize')) === 1 ? [hit(asg, 'MaxSize is 1')] : [],
  );
}
