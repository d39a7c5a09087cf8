import { prop, resourcesOfType, type StackTemplate } from '../../../template/index.ts';
import { type RuleHit, hit } from '../../support/rule.ts';

/**
 * Public NAT gateways. They bill by the hour and per GB processed whether used or not; for modest
 * egress a NAT instance does the same job for about a tenth (seed 002).
 */
export function NatGatewayCost(stacks: readonly StackTemplate[]): RuleHit[] {
  return resourcesOfType(stacks, 'AWS::EC2::NatGateway').flatMap((nat) =>
    prop(nat.resource, 'ConnectivityType') === 'private' ? [] : [hit(nat, 'it is a managed NAT gateway')],
  );
}
