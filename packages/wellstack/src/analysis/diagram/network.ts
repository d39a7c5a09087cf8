import {
  allResources,
  importsIn,
  numberOf,
  prop,
  type ResourceRef,
  refsIn,
  refTarget,
  type StackTemplate,
  tagValue,
} from '../template/index.ts';

export type Tier = 'public' | 'private' | 'isolated';

export const TIERS: readonly Tier[] = ['public', 'private', 'isolated'];

/** `<stack>/<logicalId>`: logical ids are only unique inside their stack. */
export function keyOf(stack: string, id: string): string {
  return `${stack}/${id}`;
}

/** Resources by key, with references resolved inside a stack and across stacks through exports. */
export class ResourceIndex {
  readonly byKey = new Map<string, ResourceRef>();
  private readonly exports = new Map<string, string>();

  constructor(stacks: readonly StackTemplate[]) {
    for (const ref of allResources(stacks)) this.byKey.set(keyOf(ref.stack, ref.id), ref);
    for (const stack of stacks) {
      for (const output of Object.values(stack.template.Outputs ?? {})) {
        const { Export, Value } = output as { Export?: { Name?: unknown }; Value?: unknown };
        const target = refTarget(Value);
        if (typeof Export?.Name === 'string' && target)
          this.exports.set(Export.Name, keyOf(stack.name, target));
      }
    }
  }

  /** Keys of the resources a value refers to (`Ref`, `GetAtt`, `Sub`, `Fn::ImportValue`), in order. */
  refs(stack: string, value: unknown): string[] {
    const keys = refsIn(value).map((id) => keyOf(stack, id));
    for (const name of importsIn(value)) {
      const key = this.exports.get(name);
      if (key) keys.push(key);
    }
    return [...new Set(keys)].filter((k) => this.byKey.has(k));
  }

  /** The first resource a value refers to, optionally of one type. */
  ref(stack: string, value: unknown, type?: string): string | undefined {
    return this.refs(stack, value).find((k) => !type || this.type(k) === type);
  }

  type(key: string): string | undefined {
    return this.byKey.get(key)?.resource.Type;
  }

  ofType(type: string): ResourceRef[] {
    return [...this.byKey.values()].filter((r) => r.resource.Type === type);
  }
}

export interface Subnet {
  /** Key of the VPC, when the template declares it. */
  readonly vpc?: string;
  readonly tier: Tier;
  /** AZ letter (`a`, `b`, …) or zone id; undefined when the template does not say. */
  readonly az?: string;
}

/** Where a resource sits: in a VPC (declared or, for subnets given as parameters, unknown), maybe in one tier. */
export interface VpcPlace {
  readonly vpc?: string;
  readonly tier?: Tier;
  readonly azs: readonly string[];
}

const CDK_SUBNET_TYPES: Record<string, Tier> = { Public: 'public', Private: 'private', Isolated: 'isolated' };
const EGRESS_TARGETS = [
  'NatGatewayId',
  'InstanceId',
  'NetworkInterfaceId',
  'TransitGatewayId',
  'EgressOnlyInternetGatewayId',
  'VpcPeeringConnectionId',
];

/** AZ letter from `ap-northeast-2a`, `dummy1b` or `Fn::Select [i, Fn::GetAZs]`. */
export function azOf(value: unknown): string | undefined {
  if (typeof value === 'string') return /\d([a-z])$/.exec(value)?.[1] ?? (value === '' ? undefined : value);
  const select = (value as { 'Fn::Select'?: unknown } | undefined)?.['Fn::Select'];
  if (
    Array.isArray(select) &&
    typeof select[1] === 'object' &&
    select[1] !== null &&
    'Fn::GetAZs' in select[1]
  ) {
    const index = numberOf(select[0]);
    if (index !== undefined) return String.fromCharCode(97 + index);
  }
  return undefined;
}

/**
 * Subnets by key with their tier: from the routes of their route table (internet gateway → public, NAT or
 * other egress → private, none → isolated), else from CDK's `aws-cdk:subnet-type` tag, else isolated
 * (a subnet without an association uses the VPC's main route table, which only routes inside the VPC).
 */
export function readSubnets(index: ResourceIndex): Map<string, Subnet> {
  const tableTier = new Map<string, Tier>();
  for (const route of index.ofType('AWS::EC2::Route')) {
    const table = index.ref(route.stack, prop(route.resource, 'RouteTableId'));
    if (!table) continue;
    const gateway = prop(route.resource, 'GatewayId');
    const gatewayKey = index.ref(route.stack, gateway);
    const viaIgw =
      (gatewayKey && index.type(gatewayKey) === 'AWS::EC2::InternetGateway') ||
      (typeof gateway === 'string' && gateway.startsWith('igw-'));
    if (viaIgw) tableTier.set(table, 'public');
    else if (
      (gateway !== undefined || EGRESS_TARGETS.some((p) => prop(route.resource, p) !== undefined)) &&
      tableTier.get(table) !== 'public'
    )
      tableTier.set(table, 'private');
  }
  const subnetTable = new Map<string, string>();
  for (const assoc of index.ofType('AWS::EC2::SubnetRouteTableAssociation')) {
    const subnet = index.ref(assoc.stack, prop(assoc.resource, 'SubnetId'));
    const table = index.ref(assoc.stack, prop(assoc.resource, 'RouteTableId'));
    if (subnet && table) subnetTable.set(subnet, table);
  }
  const subnets = new Map<string, Subnet>();
  for (const ref of index.ofType('AWS::EC2::Subnet')) {
    const key = keyOf(ref.stack, ref.id);
    const table = subnetTable.get(key);
    const tier =
      (table ? (tableTier.get(table) ?? 'isolated') : undefined) ??
      CDK_SUBNET_TYPES[tagValue(ref.resource, 'aws-cdk:subnet-type') ?? ''] ??
      'isolated';
    const vpc = index.ref(ref.stack, prop(ref.resource, 'VpcId'));
    const az = azOf(prop(ref.resource, 'AvailabilityZone')) ?? azOf(prop(ref.resource, 'AvailabilityZoneId'));
    subnets.set(key, { tier, ...(vpc ? { vpc } : {}), ...(az ? { az } : {}) });
  }
  return subnets;
}

/**
 * Where a resource placed in the given subnets sits. Undefined when no subnets are given; a VPC-less
 * place when the subnets are not declared in the templates (parameters, literal ids).
 */
export function placeIn(
  index: ResourceIndex,
  subnets: ReadonlyMap<string, Subnet>,
  stack: string,
  value: unknown,
): VpcPlace | undefined {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return undefined;
  const found = index
    .refs(stack, value)
    .map((k) => subnets.get(k))
    .filter((s): s is Subnet => s !== undefined);
  if (found.length === 0) return { azs: [] };
  // A resource spread over tiers (rare) is drawn in the tier most of its subnets belong to.
  const counts = new Map<Tier, number>();
  for (const s of found) counts.set(s.tier, (counts.get(s.tier) ?? 0) + 1);
  const tier = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  const azs = [...new Set(found.filter((s) => s.tier === tier).flatMap((s) => (s.az ? [s.az] : [])))].sort();
  const vpc = found[0]!.vpc;
  return { tier, azs, ...(vpc ? { vpc } : {}) };
}
