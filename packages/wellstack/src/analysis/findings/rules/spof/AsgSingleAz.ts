import { prop, resourcesOfType, type StackTemplate } from '../../../template/index.ts';
import { type RuleHit, hit } from '../../support/rule.ts';
import { azKey, azsOfSubnets } from '../../support/network.ts';

/** Auto Scaling groups whose subnets (or listed AZs) all lie in one Availability Zone. */
export function AsgSingleAz(stacks: readonly StackTemplate[]): RuleHit[] {
  return stacks.flatMap((stack) =>
    resourcesOfType([stack], 'AWS::AutoScaling::AutoScalingGroup').flatMap((asg) => {
      const subnets = prop(asg.resource, 'VPCZoneIdentifier');
      const azs =
        subnets !== undefined
          ? azsOfSubnets(stack, subnets)
          : listedAzs(prop(asg.resource, 'AvailabilityZones'));
      if (azs?.size !== 1) return [];
      return [hit(asg, `${subnets !== undefined ? 'its subnets are' : 'it is'} all in ${[...azs][0]}`)];
    }),
  );
}

/** AZs given literally or by `Fn::Select`; `Fn::GetAZs` as a whole (every AZ) or a parameter tells nothing. */
function listedAzs(value: unknown): Set<string> | undefined {
  if (!Array.isArray(value)) return undefined;
  const keys = value.map(azKey);
  return keys.every((k) => k !== undefined) ? new Set(keys as string[]) : undefined;
}
