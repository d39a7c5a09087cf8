import {
  prop,
  type ResourceRef,
  refsIn,
  resourcesOfType,
  type StackTemplate,
} from '../../../template/index.ts';
import { isRecord, listOf, target } from '../../support/lookup.ts';
import { isPublicSubnet, securityGroupsOf, subnetsOf, worldIngress } from '../../support/network.ts';
import { type RuleHit, hit } from '../../support/rule.ts';

/**
 * EC2 instances outside an Auto Scaling group that serve traffic: a load balancer target, a DNS record
 * target, or a public-subnet instance that admits HTTP(S) from the internet. Nothing replaces them when
 * they fail. NAT instances (source/destination check off) are the `SingleNat` rule's concern.
 */
export function SingleInstance(stacks: readonly StackTemplate[]): RuleHit[] {
  return stacks.flatMap((stack) =>
    resourcesOfType([stack], 'AWS::EC2::Instance').flatMap((instance) => {
      if (prop(instance.resource, 'SourceDestCheck') === false) return [];
      const reason =
        (loadBalanced(stack, instance) && 'it is a load balancer target') ||
        (inDns(stack, instance) && 'a DNS record points at it') ||
        (servesWebFromPublicSubnet(stack, instance) &&
          'it is in a public subnet and admits HTTP(S) from the internet');
      return reason ? [hit(instance, reason)] : [];
    }),
  );
}

function loadBalanced(stack: StackTemplate, instance: ResourceRef): boolean {
  const targetGroups = resourcesOfType([stack], 'AWS::ElasticLoadBalancingV2::TargetGroup').some((tg) =>
    listOf(prop(tg.resource, 'Targets')).some((t) => isRecord(t) && target(stack, t.Id)?.id === instance.id),
  );
  const classic = resourcesOfType([stack], 'AWS::ElasticLoadBalancing::LoadBalancer').some((lb) =>
    refsIn(prop(lb.resource, 'Instances')).includes(instance.id),
  );
  return targetGroups || classic;
}

/** A record set names the instance, or an Elastic IP attached to it. */
function inDns(stack: StackTemplate, instance: ResourceRef): boolean {
  const eips = resourcesOfType([stack], 'AWS::EC2::EIP')
    .filter((eip) => target(stack, prop(eip.resource, 'InstanceId'))?.id === instance.id)
    .map((eip) => eip.id);
  const associated = resourcesOfType([stack], 'AWS::EC2::EIPAssociation')
    .filter((a) => target(stack, prop(a.resource, 'InstanceId'))?.id === instance.id)
    .flatMap((a) => refsIn([prop(a.resource, 'EIP'), prop(a.resource, 'AllocationId')]));
  const names = new Set([instance.id, ...eips, ...associated]);
  return [
    ...resourcesOfType([stack], 'AWS::Route53::RecordSet').map((r) => r.resource.Properties),
    ...resourcesOfType([stack], 'AWS::Route53::RecordSetGroup').flatMap((r) =>
      listOf(prop(r.resource, 'RecordSets')),
    ),
  ].some((record) => refsIn(record).some((id) => names.has(id)));
}

function servesWebFromPublicSubnet(stack: StackTemplate, instance: ResourceRef): boolean {
  const properties = instance.resource.Properties ?? {};
  if (!subnetsOf(stack, properties).some((subnet) => isPublicSubnet(stack, subnet))) return false;
  const groups = new Set(securityGroupsOf(stack, properties));
  return worldIngress(stack).some(
    (rule) =>
      rule.group !== undefined &&
      groups.has(rule.group) &&
      rule.protocol !== 'udp' &&
      [80, 443].some((port) => rule.from <= port && port <= rule.to),
  );
}
