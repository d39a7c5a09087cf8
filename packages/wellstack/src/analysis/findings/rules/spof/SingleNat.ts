import { prop, resourcesOfType, type StackTemplate } from '../../../template/index.ts';
import { byId, target } from '../../support/lookup.ts';
import { subnetAz, subnetsOfRouteTable } from '../../support/network.ts';
import { type RuleHit, hit } from '../../support/rule.ts';

/**
 * One NAT (gateway or instance) that subnets in several AZs route through: when its AZ fails, the
 * private subnets of every AZ lose their way out. Routes are followed route → route table →
 * subnet association → subnet AZ.
 */
export function SingleNat(stacks: readonly StackTemplate[]): RuleHit[] {
  return stacks.flatMap((stack) => {
    const azsByNat = new Map<string, Set<string>>();
    for (const route of resourcesOfType([stack], 'AWS::EC2::Route')) {
      const nat =
        target(stack, prop(route.resource, 'NatGatewayId'), 'AWS::EC2::NatGateway') ??
        target(stack, prop(route.resource, 'InstanceId'), 'AWS::EC2::Instance');
      const table = target(stack, prop(route.resource, 'RouteTableId'));
      if (!nat || !table) continue;
      const azs = azsByNat.get(nat.id) ?? new Set<string>();
      for (const subnet of subnetsOfRouteTable(stack, table.id)) {
        const az = subnetAz(stack, { Ref: subnet });
        if (az !== undefined) azs.add(az);
      }
      azsByNat.set(nat.id, azs);
    }
    return [...azsByNat].flatMap(([id, azs]) => {
      const nat = byId(stack, id);
      return nat && azs.size > 1
        ? [hit(nat, `it serves private subnets in ${[...azs].sort().join(', ')}`)]
        : [];
    });
  });
}
