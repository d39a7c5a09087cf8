import {
  numberOf,
  prop,
  type ResourceRef,
  resourcesOfType,
  type StackTemplate,
} from '../../../template/index.ts';
import { isRecord, isTrue, listOf, target } from '../../support/lookup.ts';
import { launchTemplateOf } from '../../support/launch.ts';
import type { RuleHit } from '../../support/rule.ts';

/** Public IPv4 addresses bill USD 0.005/h each since February 2024, attached or not. */
const USD_PER_HOUR = 0.005;
const HOURS_PER_MONTH = 730;

/**
 * The public IPv4 addresses a stack holds — internet-facing load balancers (one per AZ), Elastic IPs,
 * NAT gateways, instances and Auto Scaling groups (at their minimum size) with public IPs, public
 * databases — reported as one finding per stack with the monthly charge.
 */
export function PublicIpv4(stacks: readonly StackTemplate[]): RuleHit[] {
  return stacks.flatMap((stack) => {
    const counts = [
      ...loadBalancers(stack),
      ...resourcesOfType([stack], 'AWS::EC2::EIP').map((eip) => count(eip, 1)),
      ...natGateways(stack),
      ...instances(stack),
      ...groups(stack),
      ...resourcesOfType([stack], 'AWS::RDS::DBInstance')
        .filter((db) => isTrue(prop(db.resource, 'PubliclyAccessible')))
        .map((db) => count(db, 1)),
    ].filter((c) => c.addresses > 0);
    const total = counts.reduce((sum, c) => sum + c.addresses, 0);
    if (total === 0) return [];
    const monthly = (total * USD_PER_HOUR * HOURS_PER_MONTH).toFixed(2);
    const holders = counts.map((c) => `${c.id} ${c.addresses}`).join(', ');
    return [
      {
        stack: stack.name,
        resource: stack.name,
        path: stack.name,
        detail: `${total} address${total === 1 ? '' : 'es'} (${holders}) ≈ USD ${monthly}/month at USD ${USD_PER_HOUR}/h each`,
      },
    ];
  });
}

interface Count {
  readonly id: string;
  readonly addresses: number;
}

function count(ref: ResourceRef, addresses: number): Count {
  return { id: ref.id, addresses };
}

function loadBalancers(stack: StackTemplate): Count[] {
  const v2 = resourcesOfType([stack], 'AWS::ElasticLoadBalancingV2::LoadBalancer').flatMap((lb) => {
    const type = prop(lb.resource, 'Type') ?? 'application';
    if (prop(lb.resource, 'Scheme') === 'internal' || type === 'gateway') return [];
    const subnets = prop(lb.resource, 'Subnets');
    // NLB mappings with an AllocationId use an Elastic IP, counted as such.
    const mappings = listOf(prop(lb.resource, 'SubnetMappings')).filter(
      (m) => !isRecord(m) || !m.AllocationId,
    );
    const perAz = Array.isArray(subnets)
      ? subnets.length
      : mappings.length || (type === 'application' ? 2 : 1);
    return [count(lb, perAz)];
  });
  const classic = resourcesOfType([stack], 'AWS::ElasticLoadBalancing::LoadBalancer').flatMap((lb) => {
    if (prop(lb.resource, 'Scheme') === 'internal') return [];
    const zones = prop(lb.resource, 'Subnets') ?? prop(lb.resource, 'AvailabilityZones');
    return [count(lb, Array.isArray(zones) ? zones.length : 1)];
  });
  return [...v2, ...classic];
}

function natGateways(stack: StackTemplate): Count[] {
  return resourcesOfType([stack], 'AWS::EC2::NatGateway').flatMap((nat) =>
    prop(nat.resource, 'ConnectivityType') === 'private' ||
    target(stack, prop(nat.resource, 'AllocationId'), 'AWS::EC2::EIP')
      ? []
      : [count(nat, 1)],
  );
}

/** Instances with an automatic public IP; those with an Elastic IP are counted by the EIP. */
function instances(stack: StackTemplate): Count[] {
  const withEip = new Set(
    [
      ...resourcesOfType([stack], 'AWS::EC2::EIP'),
      ...resourcesOfType([stack], 'AWS::EC2::EIPAssociation'),
    ].flatMap((r) => target(stack, prop(r.resource, 'InstanceId'))?.id ?? []),
  );
  return resourcesOfType([stack], 'AWS::EC2::Instance').flatMap((instance) => {
    if (withEip.has(instance.id)) return [];
    const properties = instance.resource.Properties ?? {};
    const lt = launchTemplateOf(stack, properties.LaunchTemplate);
    const interfaces =
      properties.NetworkInterfaces ?? (lt && prop(lt.resource, 'LaunchTemplateData.NetworkInterfaces'));
    return publicIp(stack, interfaces, [properties.SubnetId]) ? [count(instance, 1)] : [];
  });
}

function groups(stack: StackTemplate): Count[] {
  return resourcesOfType([stack], 'AWS::AutoScaling::AutoScalingGroup').flatMap((asg) => {
    const lt =
      launchTemplateOf(stack, prop(asg.resource, 'LaunchTemplate')) ??
      launchTemplateOf(
        stack,
        prop(asg.resource, 'MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification'),
      );
    const lc = target(
      stack,
      prop(asg.resource, 'LaunchConfigurationName'),
      'AWS::AutoScaling::LaunchConfiguration',
    );
    const subnets = listOf(prop(asg.resource, 'VPCZoneIdentifier'));
    const configured = lc ? prop(lc.resource, 'AssociatePublicIpAddress') : undefined;
    const isPublic =
      configured !== undefined
        ? isTrue(configured)
        : publicIp(stack, lt && prop(lt.resource, 'LaunchTemplateData.NetworkInterfaces'), subnets);
    const size =
      numberOf(prop(asg.resource, 'DesiredCapacity')) ?? numberOf(prop(asg.resource, 'MinSize')) ?? 0;
    return isPublic ? [count(asg, size)] : [];
  });
}

/**
 * Whether an instance gets a public IP: its network interface says so, or (when it does not) its
 * subnet maps public IPs on launch.
 */
function publicIp(stack: StackTemplate, interfaces: unknown, subnets: unknown[]): boolean {
  const primary = listOf(interfaces).find((eni) => isRecord(eni) && numberOf(eni.DeviceIndex ?? 0) === 0);
  if (isRecord(primary) && primary.AssociatePublicIpAddress !== undefined)
    return isTrue(primary.AssociatePublicIpAddress);
  const subnetValues = isRecord(primary) && primary.SubnetId !== undefined ? [primary.SubnetId] : subnets;
  return subnetValues.some((value) => {
    const subnet = target(stack, value, 'AWS::EC2::Subnet');
    return subnet !== undefined && isTrue(prop(subnet.resource, 'MapPublicIpOnLaunch'));
  });
}
