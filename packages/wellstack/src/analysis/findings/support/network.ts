import {
  numberOf,
  prop,
  type ResourceRef,
  resourcesOfType,
  type StackTemplate,
} from '../../template/index.ts';
import { isRecord, isTrue, listOf, target } from './lookup.ts';

/**
 * A key equal for two Availability Zone values exactly when they name the same AZ, or undefined when the
 * template does not tell. CDK's environment-agnostic form `Fn::Select [i, Fn::GetAZs ""]` keys by index:
 * within one stack (one region) distinct indexes are distinct AZs.
 */
export function azKey(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const select = isRecord(value) ? value['Fn::Select'] : undefined;
  if (!Array.isArray(select) || select.length !== 2) return undefined;
  const index = numberOf(select[0]);
  return index !== undefined && isRecord(select[1]) && 'Fn::GetAZs' in select[1]
    ? `AZ ${index + 1}`
    : undefined;
}

/** The AZ key of a subnet given by reference (`{ Ref: Subnet }`); undefined for subnets the stack does not define. */
export function subnetAz(stack: StackTemplate, subnet: unknown): string | undefined {
  const ref = target(stack, subnet, 'AWS::EC2::Subnet');
  return ref ? azKey(prop(ref.resource, 'AvailabilityZone')) : undefined;
}

/**
 * The distinct AZs a list of subnets spans, or undefined when any subnet's AZ is unknown (a parameter,
 * an import, a literal id): rules then stay silent rather than guess.
 */
export function azsOfSubnets(stack: StackTemplate, subnets: unknown): Set<string> | undefined {
  if (!Array.isArray(subnets)) return undefined;
  const azs = new Set<string>();
  for (const subnet of subnets) {
    const az = subnetAz(stack, subnet);
    if (az === undefined) return undefined;
    azs.add(az);
  }
  return azs;
}

/** The logical ids of the subnets associated with a route table. */
export function subnetsOfRouteTable(stack: StackTemplate, routeTable: string): string[] {
  return resourcesOfType([stack], 'AWS::EC2::SubnetRouteTableAssociation').flatMap((assoc) => {
    const subnet = target(stack, prop(assoc.resource, 'SubnetId'), 'AWS::EC2::Subnet');
    return target(stack, prop(assoc.resource, 'RouteTableId'))?.id === routeTable && subnet
      ? [subnet.id]
      : [];
  });
}

/** A subnet is public when it maps public IPs on launch or routes to an internet gateway. */
export function isPublicSubnet(stack: StackTemplate, subnet: ResourceRef): boolean {
  if (isTrue(prop(subnet.resource, 'MapPublicIpOnLaunch'))) return true;
  return resourcesOfType([stack], 'AWS::EC2::Route').some((route) => {
    const gateway = prop(route.resource, 'GatewayId');
    const toInternet =
      target(stack, gateway, 'AWS::EC2::InternetGateway') !== undefined ||
      (typeof gateway === 'string' && gateway.startsWith('igw-'));
    const table = target(stack, prop(route.resource, 'RouteTableId'));
    return toInternet && table !== undefined && subnetsOfRouteTable(stack, table.id).includes(subnet.id);
  });
}

/** An ingress rule open to the whole internet (`0.0.0.0/0` or `::/0`). */
export interface WorldIngress {
  /** The resource declaring the rule: the security group (inline rule) or the `SecurityGroupIngress`. */
  readonly declaredBy: ResourceRef;
  /** Logical id of the security group the rule opens, when it is in the stack. */
  readonly group?: string;
  /** `tcp`, `udp` or `all`. */
  readonly protocol: string;
  readonly from: number;
  readonly to: number;
}

const PROTOCOLS: Record<string, string> = {
  '-1': 'all',
  all: 'all',
  tcp: 'tcp',
  '6': 'tcp',
  udp: 'udp',
  '17': 'udp',
};
const WORLD = new Set(['0.0.0.0/0', '::/0']);

/** Every world-open ingress rule of a stack. ICMP and other port-less protocols are left out. */
export function worldIngress(stack: StackTemplate): WorldIngress[] {
  const inline = resourcesOfType([stack], 'AWS::EC2::SecurityGroup').flatMap((group) =>
    listOf(prop(group.resource, 'SecurityGroupIngress')).flatMap((rule) =>
      isRecord(rule) ? toWorldIngress(rule, group, group.id) : [],
    ),
  );
  const standalone = resourcesOfType([stack], 'AWS::EC2::SecurityGroupIngress').flatMap((ingress) =>
    toWorldIngress(
      ingress.resource.Properties ?? {},
      ingress,
      target(stack, ingress.resource.Properties?.GroupId)?.id,
    ),
  );
  return [...inline, ...standalone];
}

function toWorldIngress(
  rule: Record<string, unknown>,
  declaredBy: ResourceRef,
  group?: string,
): WorldIngress[] {
  if (!WORLD.has(String(rule.CidrIp)) && !WORLD.has(String(rule.CidrIpv6))) return [];
  const protocol = PROTOCOLS[String(rule.IpProtocol).toLowerCase()];
  if (!protocol) return [];
  const from = numberOf(rule.FromPort);
  const to = numberOf(rule.ToPort);
  const allPorts = protocol === 'all' || from === undefined || from < 0 || to === undefined || to < 0;
  return [
    {
      declaredBy,
      ...(group ? { group } : {}),
      protocol,
      from: allPorts ? 0 : from,
      to: allPorts ? 65535 : to,
    },
  ];
}

export function portLabel(rule: WorldIngress): string {
  if (rule.protocol === 'all' || (rule.from === 0 && rule.to === 65535)) return `all ${rule.protocol} ports`;
  return rule.from === rule.to ? `${rule.protocol} ${rule.from}` : `${rule.protocol} ${rule.from}-${rule.to}`;
}

/** Logical ids of the security groups an instance (or launch template data) is placed in. */
export function securityGroupsOf(stack: StackTemplate, properties: Record<string, unknown>): string[] {
  const values = [
    ...listOf(properties.SecurityGroupIds),
    ...listOf(properties.SecurityGroups),
    ...listOf(properties.NetworkInterfaces).flatMap((eni) =>
      isRecord(eni) ? [...listOf(eni.GroupSet), ...listOf(eni.Groups)] : [],
    ),
  ];
  return values.flatMap((v) => target(stack, v, 'AWS::EC2::SecurityGroup')?.id ?? []);
}

/** Logical ids of the subnets an instance is launched in. */
export function subnetsOf(stack: StackTemplate, properties: Record<string, unknown>): ResourceRef[] {
  const values = [
    properties.SubnetId,
    ...listOf(properties.NetworkInterfaces).map((eni) => (isRecord(eni) ? eni.SubnetId : undefined)),
  ];
  return values.flatMap((v) => target(stack, v, 'AWS::EC2::Subnet') ?? []);
}
